/** tracksNothing: an empty table (or no conntrack at all) needs no dump; anything else, or an unreadable count, does. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tracksNothing } from '../../../src/network/conntrack.js';

const dir = mkdtempSync(join(tmpdir(), 'tsctu-ct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tracksNothing', () => {
  it('is true for an empty table and for a kernel without conntrack, false when entries exist or the count cannot be read', () => {
    const count = join(dir, 'count');
    writeFileSync(count, '0\n');
    expect(tracksNothing(count)).toBe(true);
    writeFileSync(count, '12\n');
    expect(tracksNothing(count)).toBe(false);
    expect(tracksNothing(join(dir, 'absent'))).toBe(true);
    // A directory in its place: not ENOENT, so the flush still dumps.
    expect(tracksNothing(dir)).toBe(false);
  });
});
