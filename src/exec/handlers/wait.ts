/**
 * Waiting for a dependency's condition, as docker compose's waitDependencies:
 * the containers are looked at every `pollMs` until all are healthy
 * (service_healthy), exited (service_completed_successfully, which then
 * needs exit code 0) or running-or-healthy (`up --wait`). A failure of a
 * required dependency ends the run with docker compose's words; an optional
 * one is skipped with a warning.
 */
import type { Operation, WaitCondition } from '../../plan/types.js';
import { CanceledError, DependencyFailedError } from '../errors.js';
import { containerId, event, type ProgressEvent } from '../events.js';
import type { ContainerStatus } from '../ports.js';
import type { Run } from './run.js';

type WaitOp = Extract<Operation, { kind: 'container.wait' }>;

/** Done, still waiting, or failed with docker compose's reason. */
type Verdict = { ok: true } | { ok: false; pending: true } | { ok: false; pending: false; reason: string; exitCode?: number };

const PENDING: Verdict = { ok: false, pending: true };

export async function waitFor(op: WaitOp, r: Run): Promise<void> {
  const emitAll = (make: (name: string) => ProgressEvent): void => op.containers.forEach((c) => r.ctx.onEvent(make(c)));
  emitAll((c) => event(containerId(c), 'working', 'Waiting'));
  if (r.ctx.dryRun) return emitAll((c) => event(containerId(c), 'done', op.condition === 'completed' ? 'Exited' : 'Healthy'));
  for (;;) {
    try {
      await r.ctx.sleep(r.ctx.pollMs, r.signal);
    } catch {
      throw new CanceledError();
    }
    const verdict = await judge(op, r);
    if (verdict.ok) return emitAll((c) => event(containerId(c), 'done', op.condition === 'completed' ? 'Exited' : 'Healthy'));
    if (!verdict.pending) return fail(op, r, verdict, emitAll);
  }
}

async function judge(op: WaitOp, r: Run): Promise<Verdict> {
  for (const name of op.containers) {
    const st = await r.ports.containers.inspect(name);
    if (st === undefined) return { ok: false, pending: false, reason: `container ${name} is missing` };
    const v = op.condition === 'completed' ? completed(st) : healthy(st, op.condition);
    if (!v.ok) return v;
  }
  return { ok: true };
}

function healthy(st: ContainerStatus, condition: WaitCondition): Verdict {
  if (st.state === 'exited' || st.state === 'dead') return { ok: false, pending: false, reason: `container ${st.name} exited (${st.exitCode})` };
  if (st.health === undefined) {
    if (condition === 'running_or_healthy') return st.state === 'running' ? { ok: true } : PENDING;
    return { ok: false, pending: false, reason: `container ${st.name} has no healthcheck configured` };
  }
  if (st.health === 'unhealthy') return { ok: false, pending: false, reason: `container ${st.name} is unhealthy` };
  return st.health === 'healthy' ? { ok: true } : PENDING;
}

/** Any container exited decides, as docker compose's isServiceCompleted does. */
function completed(st: ContainerStatus): Verdict {
  if (st.state !== 'exited' && st.state !== 'dead') return PENDING;
  return st.exitCode === 0 ? { ok: true } : { ok: false, pending: false, reason: `exit ${st.exitCode}`, exitCode: st.exitCode };
}

function fail(op: WaitOp, r: Run, v: Extract<Verdict, { pending: false }>, emitAll: (make: (name: string) => ProgressEvent) => void): void {
  const dep = op.service;
  if (op.condition === 'completed') {
    const suffix = `"${dep}" didn't complete successfully: ${v.reason}`;
    if (!op.required) return skip(op, r, `optional dependency ${suffix}`, `optional dependency ${suffix}`, emitAll);
    emitAll((c) => event(containerId(c), 'error', `service ${suffix}`));
    throw new DependencyFailedError(`service ${suffix}`);
  }
  if (op.condition === 'running_or_healthy') {
    if (!op.required) return skip(op, r, `optional dependency "${dep}" is not running or is unhealthy`, `optional dependency "${dep}" is not running or is unhealthy: ${v.reason}`, emitAll);
    throw new DependencyFailedError(v.reason);
  }
  if (!op.required) return skip(op, r, `optional dependency "${dep}" failed to start`, `optional dependency "${dep}" failed to start: ${v.reason}`, emitAll);
  emitAll((c) => event(containerId(c), 'error', 'Error'));
  throw new DependencyFailedError(`dependency failed to start: ${v.reason}`);
}

function skip(_op: WaitOp, r: Run, reason: string, warning: string, emitAll: (make: (name: string) => ProgressEvent) => void): void {
  emitAll((c) => event(containerId(c), 'warning', `Skipped: ${reason}`));
  r.ctx.warn(warning);
}
