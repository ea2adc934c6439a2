import { describe, expect, it } from 'vitest';
import { goDuration } from '../../../src/supervisor/go-duration.js';
import { applyResult, initialHealth, MAX_LOG, nextProbeDelay, probeCommand, timeoutResult, type HealthState } from '../../../src/supervisor/health.js';
import type { HealthcheckRecord } from '../../../src/state/records.js';

const cfg = (extra: Partial<HealthcheckRecord> = {}): HealthcheckRecord => ({
  test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 500, startPeriodMs: 0, startIntervalMs: 5000, retries: 3, ...extra,
});
const probe = (start: number, exitCode: number, output = '') => ({ start, end: start + 10, exitCode, output });

function run(c: HealthcheckRecord, results: Array<[number, number]>, startedAt = 0): HealthState[] {
  const states: HealthState[] = [];
  let s = initialHealth();
  for (const [at, code] of results) {
    s = applyResult(c, s, probe(at, code), startedAt);
    states.push(s);
  }
  return states;
}

describe('healthcheck state machine (the Docker engine`s)', () => {
  it('starts starting; one success is healthy; retries failures in a row are unhealthy, a success resets the streak', () => {
    expect(initialHealth()).toEqual({ status: 'starting', failingStreak: 0, log: [] });
    const s = run(cfg(), [[1000, 1], [2000, 1], [3000, 0], [4000, 1], [5000, 1], [6000, 1]]);
    expect(s.map((x) => [x.status, x.failingStreak])).toEqual([
      ['starting', 1], ['starting', 2], ['healthy', 0], ['healthy', 1], ['healthy', 2], ['unhealthy', 3],
    ]);
  });

  it('failures while starting within start_period do not count; a success then still makes it healthy', () => {
    const c = cfg({ startPeriodMs: 10_000, retries: 1 });
    expect(run(c, [[1000, 1], [9000, 1]]).map((x) => [x.status, x.failingStreak])).toEqual([['starting', 0], ['starting', 0]]);
    expect(run(c, [[1000, 1], [11_000, 1]]).at(-1)?.status).toBe('unhealthy');
    expect(run(c, [[1000, 0], [2000, 1]]).at(-1)).toMatchObject({ status: 'unhealthy', failingStreak: 1 });
  });

  it('probes start_interval apart while starting within the start period, interval apart after', () => {
    const c = cfg({ startPeriodMs: 10_000, startIntervalMs: 200 });
    expect(nextProbeDelay(c, initialHealth(), 0, 500)).toBe(200);
    expect(nextProbeDelay(c, { ...initialHealth(), status: 'healthy' }, 0, 500)).toBe(1000);
    expect(nextProbeDelay(c, initialHealth(), 0, 10_000)).toBe(1000);
  });

  it('keeps the last 5 results and cuts long output as the engine does', () => {
    let s = initialHealth();
    for (let i = 0; i < 7; i++) s = applyResult(cfg(), s, probe(i * 1000, 0, i === 6 ? 'x'.repeat(5000) : `r${i}`), 0);
    expect(s.log).toHaveLength(MAX_LOG);
    expect(s.log[0]?.output).toBe('r2');
    expect(s.log.at(-1)?.output).toBe(`${'x'.repeat(4096)}...`);
  });

  it('a timeout is a failure worded as docker words it', () => {
    expect(timeoutResult(cfg({ timeoutMs: 30_000 }), 0, 30_000, '')).toEqual({ start: 0, end: 30_000, exitCode: -1, output: 'Health check exceeded timeout (30s)' });
    expect(timeoutResult(cfg({ timeoutMs: 1500 }), 0, 1500, 'half').output).toBe('Health check exceeded timeout (1.5s): half');
  });

  it('CMD runs as given, CMD-SHELL through /bin/sh -c, NONE and unknown types not at all', () => {
    expect(probeCommand(['CMD', 'pg_isready', '-U', 'app'])).toEqual(['pg_isready', '-U', 'app']);
    expect(probeCommand(['CMD-SHELL', 'curl -f http://localhost/ || exit 1'])).toEqual(['/bin/sh', '-c', 'curl -f http://localhost/ || exit 1']);
    expect(probeCommand(['NONE'])).toBeUndefined();
    expect(probeCommand(['WHAT', 'x'])).toBeUndefined();
  });

  it('Go duration strings', () => {
    expect([0, 500, 1500, 30_000, 60_000, 90_000, 5_400_000].map(goDuration)).toEqual(['0s', '500ms', '1.5s', '30s', '1m0s', '1m30s', '1h30m0s']);
  });
});
