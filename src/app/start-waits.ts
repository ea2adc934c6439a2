/**
 * `start` waits as docker compose's start does (waitDependencies): before a
 * service's containers are started, each dependency it declares with
 * `service_healthy` or `service_completed_successfully` is waited for, with
 * the same wait up uses (exec/handlers/wait.ts: `Waiting`, then `Healthy` or
 * `Exited`, compose's errors, optional dependencies skipped with a warning).
 * A dependency without containers is not waited for, as compose skips it.
 */
import { abortableSleep, type ExecContext } from '../exec/context.js';
import { waitFor } from '../exec/handlers/wait.js';
import { sharedSignal } from '../exec/cancel.js';
import type { WaitCondition } from '../plan/types.js';
import type { DependencyRecord } from '../state/records.js';
import { TSCOMPOSE_VERSION, type Session } from './run-context.js';
import type { Target } from './service-targets.js';

const WAITED: Readonly<Record<string, WaitCondition>> = { service_healthy: 'healthy', service_completed_successfully: 'completed' };

function waitContext(s: Session, project: string): ExecContext {
  return {
    project, workingDir: '', configFiles: [], version: TSCOMPOSE_VERSION,
    desired: { project, services: [], otherServices: [], networks: [], volumes: [] }, services: {}, networks: {}, volumes: {},
    dryRun: s.dryRun, onEvent: s.onEvent, warn: (m) => s.warn(m),
    pollMs: s.pollMs ?? 500, sleep: s.sleep ?? abortableSleep, now: s.now ?? (() => new Date()),
  };
}

export async function waitForDependencies(s: Session, project: string, service: string, deps: readonly DependencyRecord[], all: readonly Target[]): Promise<void> {
  const signal = s.cancel?.force ?? sharedSignal();
  const ctx = waitContext(s, project);
  for (const d of deps) {
    const condition = WAITED[d.condition];
    const containers = all.filter((t) => t.record.service === d.service).map((t) => t.record.name).sort();
    if (condition === undefined || containers.length === 0) continue;
    await waitFor({ kind: 'container.wait', service: d.service, containers, condition, required: d.required, dependant: service }, { ctx, ports: s.drivers.ports, signal });
  }
}
