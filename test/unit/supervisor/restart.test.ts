import { describe, expect, it } from 'vitest';
import { decideRestart, initialRestartState, restartAtBoot, type ExitFacts, type RestartState } from '../../../src/supervisor/restart.js';
import type { RestartRecord } from '../../../src/state/records.js';

const exit = (exitCode: number, ranForMs = 1000, stoppedByUser = false): ExitFacts => ({ exitCode, ranForMs, stoppedByUser });

function delays(policy: RestartRecord, exits: ExitFacts[]): Array<number | false> {
  let s: RestartState = initialRestartState();
  return exits.map((e) => {
    const d = decideRestart(policy, s, e);
    s = d.state;
    return d.restart ? d.delayMs : false;
  });
}

describe('restart policies (the Docker engine`s restart manager)', () => {
  it('no never restarts; always does, with a back-off doubling from 100 ms to a minute', () => {
    expect(delays({ name: 'no', maxAttempts: 0 }, [exit(1)])).toEqual([false]);
    const always = delays({ name: 'always', maxAttempts: 0 }, Array.from({ length: 12 }, () => exit(0)));
    expect(always).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000]);
  });

  it('the back-off falls back to 100 ms after 10 seconds up', () => {
    expect(delays({ name: 'always', maxAttempts: 0 }, [exit(1), exit(1), exit(1, 10_000), exit(1)])).toEqual([100, 200, 100, 200]);
  });

  it('on-failure restarts non-zero exits only, at most N times', () => {
    expect(delays({ name: 'on-failure', maxAttempts: 0 }, [exit(0)])).toEqual([false]);
    expect(delays({ name: 'on-failure', maxAttempts: 2 }, [exit(1), exit(2), exit(3)])).toEqual([100, 200, false]);
  });

  it('a container the user stopped stays down; at boot always comes back, unless-stopped only if not stopped', () => {
    expect(delays({ name: 'always', maxAttempts: 0 }, [exit(137, 1000, true)])).toEqual([false]);
    expect(delays({ name: 'unless-stopped', maxAttempts: 0 }, [exit(0)])).toEqual([100]);
    expect([restartAtBoot({ name: 'always', maxAttempts: 0 }, true), restartAtBoot({ name: 'unless-stopped', maxAttempts: 0 }, true), restartAtBoot({ name: 'unless-stopped', maxAttempts: 0 }, false), restartAtBoot({ name: 'on-failure', maxAttempts: 0 }, false)]).toEqual([true, false, true, false]);
  });

  it('deploy.restart_policy: a fixed delay, max_attempts, and a window in which a restart counts', () => {
    expect(delays({ name: 'always', maxAttempts: 0, delayMs: 5000 }, [exit(1), exit(1)])).toEqual([5000, 5000]);
    expect(delays({ name: 'always', maxAttempts: 2 }, [exit(1), exit(1), exit(1)])).toEqual([100, 200, false]);
    const windowed: RestartRecord = { name: 'on-failure', maxAttempts: 2, windowMs: 5000 };
    // Runs that outlive the window do not count: the third failure is still restarted.
    expect(delays(windowed, [exit(1, 6000), exit(1, 6000), exit(1, 1000), exit(1, 1000), exit(1, 1000)])).toEqual([100, 200, 400, 800, false]);
  });
});
