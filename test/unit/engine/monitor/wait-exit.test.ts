/**
 * waitForExitRecord: an exit record written after the first look but before
 * the directory is watched produces no event; the wait must see it at once,
 * not after the whole poll interval.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForExitRecord } from '../../../../src/engine/monitor/launch.js';

const record = JSON.stringify({ version: 1, pid: 7, exitCode: 3, signal: 0, finishedAt: '2026-12-02T00:00:00Z', oomKilled: false });
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('waitForExitRecord', () => {
  it('sees a record written between its first look and its watch without waiting for the poll', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctu-exit-'));
    let asked = 0;
    // `gone` is asked between the look and the watch: the monitor writing its record then is the race.
    const gone = (): boolean => {
      if (asked++ === 0) writeFileSync(join(dir, 'exit'), record);
      return false;
    };
    const started = Date.now();
    const rec = await waitForExitRecord(dir, { timeoutMs: 20_000, pollMs: 10_000, gone });
    expect(rec?.exitCode).toBe(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('wakes when the record appears later, and gives up at the timeout when none comes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctu-exit-'));
    setTimeout(() => writeFileSync(join(dir, 'exit'), record), 50);
    const started = Date.now();
    expect((await waitForExitRecord(dir, { timeoutMs: 20_000, pollMs: 10_000 }))?.pid).toBe(7);
    expect(Date.now() - started).toBeLessThan(2000);
    rmSync(join(dir, 'exit'));
    expect(await waitForExitRecord(dir, { timeoutMs: 100 })).toBeUndefined();
  });
});
