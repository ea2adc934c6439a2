/**
 * The healthcheck state machine of the Docker engine (daemon/health.go), as
 * pure functions over time given in milliseconds, so a fake clock drives it:
 *
 * - a container with a healthcheck starts `starting`, with a failing streak of 0;
 * - probes run `interval` apart, `start_interval` apart while it is still
 *   starting within `start_period`; the first one comes one interval after start;
 * - exit 0 makes it `healthy` and resets the streak; any other result
 *   (exit code, timeout, error) adds to the streak, except while starting
 *   within the start period, and `retries` failures in a row make it `unhealthy`;
 * - the last 5 results are kept, output cut at 4096 bytes with `...`.
 */
import type { HealthcheckRecord } from '../state/records.js';
import { goDuration } from './go-duration.js';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface ProbeResult {
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  exitCode: number;
  output: string;
}

export interface HealthState {
  status: HealthStatus;
  failingStreak: number;
  /** Oldest first, at most MAX_LOG. */
  log: ProbeResult[];
}

export const MAX_LOG = 5;
export const MAX_OUTPUT = 4096;
const DEFAULT_SHELL = ['/bin/sh', '-c'];

export function initialHealth(): HealthState {
  return { status: 'starting', failingStreak: 0, log: [] };
}

/** The command a probe runs, or undefined for NONE and unknown types (docker logs those and runs nothing). */
export function probeCommand(test: readonly string[], shell: readonly string[] = DEFAULT_SHELL): string[] | undefined {
  const [kind, ...rest] = test;
  if (rest.length === 0) return undefined;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return [...shell, rest.join(' ')];
  return undefined;
}

/** How long after `now` the next probe runs. */
export function nextProbeDelay(cfg: HealthcheckRecord, state: HealthState, startedAt: number, now: number): number {
  const inStartPeriod = now - startedAt < cfg.startPeriodMs;
  return inStartPeriod && state.status === 'starting' ? cfg.startIntervalMs : cfg.intervalMs;
}

export function applyResult(cfg: HealthcheckRecord, state: HealthState, result: ProbeResult, startedAt: number): HealthState {
  const log = [...state.log, { ...result, output: limitOutput(result.output) }].slice(-MAX_LOG);
  if (result.exitCode === 0) return { status: 'healthy', failingStreak: 0, log };
  const duringStart = state.status === 'starting' && result.start - startedAt < cfg.startPeriodMs;
  if (duringStart) return { ...state, log };
  const failingStreak = state.failingStreak + 1;
  return { status: failingStreak >= Math.max(1, cfg.retries) ? 'unhealthy' : state.status, failingStreak, log };
}

/** What a probe that ran out of time records, in the engine's words. */
export function timeoutResult(cfg: HealthcheckRecord, start: number, end: number, output: string): ProbeResult {
  const d = goDuration(cfg.timeoutMs);
  return { start, end, exitCode: -1, output: output === '' ? `Health check exceeded timeout (${d})` : `Health check exceeded timeout (${d}): ${output}` };
}

/** A probe that could not run (exec failed): exit -1 with the error, as the engine records it. */
export function errorResult(start: number, end: number, message: string): ProbeResult {
  return { start, end, exitCode: -1, output: message };
}

function limitOutput(out: string): string {
  const bytes = Buffer.from(out, 'utf8');
  return bytes.length <= MAX_OUTPUT ? out : `${bytes.subarray(0, MAX_OUTPUT).toString('utf8')}...`;
}

/** `docker inspect`'s State.Health, for `ps`'s status and the supervisor's status. */
export function healthJson(state: HealthState): { Status: HealthStatus; FailingStreak: number; Log: Array<{ Start: string; End: string; ExitCode: number; Output: string }> } {
  return {
    Status: state.status,
    FailingStreak: state.failingStreak,
    Log: state.log.map((r) => ({ Start: new Date(r.start).toISOString(), End: new Date(r.end).toISOString(), ExitCode: r.exitCode, Output: r.output })),
  };
}
