/**
 * When the supervisor gives back its file pages: once, `quietMs` after the
 * last load (an `up` that reloads it many times pays once), never after
 * cancel, and a failing release is logged, not thrown.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/supervisor/clock.js';
import { pageOutWhenQuiet } from '../../../src/supervisor/page-out.js';

function setup(release: () => Promise<number> = () => Promise.resolve(2048)) {
  const clock = new FakeClock(0);
  const lines: string[] = [];
  let calls = 0;
  const p = pageOutWhenQuiet(clock, () => (calls++, release()), (l) => lines.push(l), 2000);
  return { clock, lines, p, calls: () => calls };
}

describe('pageOutWhenQuiet', () => {
  it('releases once, quietMs after the last of several loads', async () => {
    const s = setup();
    s.p.touch();
    await s.clock.advance(1500);
    s.p.touch();
    await s.clock.advance(1999);
    expect(s.calls()).toBe(0);
    await s.clock.advance(1);
    expect(s.calls()).toBe(1);
    expect(s.lines[0]).toMatch(/^memory: 2\.0 MiB of file mappings paged out, RSS [\d.]+ -> [\d.]+ MiB$/);
    await s.clock.advance(10_000);
    expect(s.calls()).toBe(1);
  });

  it('releases again after a later load', async () => {
    const s = setup();
    s.p.touch();
    await s.clock.advance(2000);
    s.p.touch();
    await s.clock.advance(2000);
    expect(s.calls()).toBe(2);
  });

  it('does nothing once cancelled, even for a load already waiting', async () => {
    const s = setup();
    s.p.touch();
    s.p.cancel();
    s.p.touch();
    await s.clock.advance(5000);
    expect(s.calls()).toBe(0);
  });

  it('logs why a release failed', async () => {
      const s = setup(() => Promise.reject(new Error('madvise MADV_PAGEOUT /proc/self/maps: Operation not permitted')));
    s.p.touch();
    await expect(s.clock.advance(2000)).resolves.toBeUndefined();
    expect(s.lines).toEqual(['memory: file mappings not paged out: madvise MADV_PAGEOUT /proc/self/maps: Operation not permitted']);
  });
});
