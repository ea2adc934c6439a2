/**
 * Restart decisions, as the Docker engine's restart manager makes them
 * (daemon/restartmanager), plus deploy.restart_policy's delay and window:
 *
 * - `no` never; `always` always; `unless-stopped` unless the user stopped it;
 *   `on-failure[:N]` on a non-zero exit, at most N times when N > 0;
 * - the wait before a restart doubles from 100 ms up to a minute, and falls
 *   back to 100 ms when the container had run for 10 seconds or more;
 * - `delay` replaces that back-off with a fixed wait; with `window`, a
 *   restart counts against max_attempts only when the container did not stay
 *   up for the window (swarm's notion of a failed restart).
 */
import type { RestartRecord } from '../state/records.js';

export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
export const RESET_AFTER_MS = 10_000;

export interface RestartState {
  /** Restarts so far (docker's RestartCount). */
  restarts: number;
  /** Restarts that counted against max_attempts. */
  counted: number;
  /** The last back-off; 0 before the first restart. */
  backoffMs: number;
}

export interface ExitFacts {
  exitCode: number;
  /** `tscompose stop` (or kill) asked for it. */
  stoppedByUser: boolean;
  /** How long it ran before it exited. */
  ranForMs: number;
}

export type RestartDecision = { restart: false; state: RestartState } | { restart: true; delayMs: number; state: RestartState };

export function initialRestartState(): RestartState {
  return { restarts: 0, counted: 0, backoffMs: 0 };
}

function nextBackoff(previous: number, ranForMs: number): number {
  const base = ranForMs >= RESET_AFTER_MS ? 0 : previous;
  if (base === 0) return BACKOFF_START_MS;
  return Math.min(base * 2, BACKOFF_MAX_MS);
}

function wanted(policy: RestartRecord, exit: ExitFacts, counted: number): boolean {
  switch (policy.name) {
    case 'always':
      return true;
    case 'unless-stopped':
      return !exit.stoppedByUser;
    case 'on-failure':
      return exit.exitCode !== 0 && (policy.maxAttempts === 0 || counted < policy.maxAttempts);
    default:
      return false;
  }
}

export function decideRestart(policy: RestartRecord, state: RestartState, exit: ExitFacts): RestartDecision {
  // A container the user stopped stays down under every policy until it is started again (see restartAtBoot).
  if (exit.stoppedByUser) return { restart: false, state };
  const attempts = policy.name !== 'on-failure' && policy.maxAttempts > 0 ? state.counted < policy.maxAttempts : true;
  if (!attempts || !wanted(policy, exit, state.counted)) return { restart: false, state };
  const backoffMs = nextBackoff(state.backoffMs, exit.ranForMs);
  const counts = policy.windowMs === undefined || exit.ranForMs < policy.windowMs;
  const next: RestartState = { restarts: state.restarts + 1, counted: state.counted + (counts ? 1 : 0), backoffMs };
  return { restart: true, delayMs: policy.delayMs ?? backoffMs, state: next };
}

/**
 * When the supervisor starts (after a reboot, or after it died), as the
 * engine does at daemon start: `always` containers come back even if the
 * user had stopped them, `unless-stopped` ones only if not.
 */
export function restartAtBoot(policy: RestartRecord, stoppedByUser: boolean): boolean {
  return policy.name === 'always' || (policy.name === 'unless-stopped' && !stoppedByUser);
}
