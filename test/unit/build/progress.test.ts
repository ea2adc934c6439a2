import { describe, expect, it } from 'vitest';
import { humanSize, PlainProgress, sourceExcerpt } from '../../../src/build/exec/progress.js';

describe('plain progress', () => {
  it('numbers vertices, times their output and closes each with a blank line', () => {
    let out = '';
    let t = 1000;
    const p = new PlainProgress({ write: (s) => (out += s) }, { now: () => t });
    const a = p.start('[1/2] FROM docker.io/library/alpine:3.20');
    a.cached();
    const b = p.start('[2/2] RUN npm ci');
    t += 512;
    b.log('added 10 packages');
    t += 700;
    b.done();
    const c = p.start('[3/3] RUN false');
    c.error('process "/bin/sh -c false" did not complete successfully: exit code: 1');
    p.failure('[3/3] RUN false', ['a', 'b']);
    expect(out).toBe(
      '#1 [1/2] FROM docker.io/library/alpine:3.20\n#1 CACHED\n\n#2 [2/2] RUN npm ci\n#2 0.512 added 10 packages\n#2 DONE 1.2s\n\n' +
        '#3 [3/3] RUN false\n#3 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n\n------\n > [3/3] RUN false:\na\nb\n------\n',
    );
  });

  it('prints sizes as docker does', () => {
    expect([0, 375, 1000, 1030, 2_345_678].map(humanSize)).toEqual(['0B', '375B', '1kB', '1.03kB', '2.346MB']);
  });

  it('quotes the instruction\'s lines under an error', () => {
    expect(sourceExcerpt('Dockerfile', 'FROM a\nWORKDIR /x\nRUN one \\\n  two\nCMD x\n', 3, 4)).toBe(
      'Dockerfile:3-4\n--------------------\n   1 |     FROM a\n   2 |     WORKDIR /x\n   3 | >>> RUN one \\\n   4 | >>>   two\n   5 |     CMD x\n   6 |     \n--------------------\n',
    );
  });
});
