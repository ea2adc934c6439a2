import { describe, expect, it } from 'vitest';
import { uniqueLayers } from '../../../../src/engine/rootfs/overlay.js';

describe('uniqueLayers', () => {
  it('keeps the highest copy of a layer given twice, lowest first as before', () => {
    expect(uniqueLayers(['/l/a', '/l/a', '/l/b', '/l/c'])).toEqual(['/l/a', '/l/b', '/l/c']);
    expect(uniqueLayers(['/l/a', '/l/b', '/l/a'])).toEqual(['/l/b', '/l/a']);
    expect(uniqueLayers(['/l/a'])).toEqual(['/l/a']);
  });
});
