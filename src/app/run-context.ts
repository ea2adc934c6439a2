/**
 * What the lifecycle use cases share: the loaded project turned into an
 * exec context, and a run of a plan with its records, its lock and the
 * ports of a dry run or of the real drivers.
 */
import packageJson from '../../package.json' with { type: 'json' };
import type { Mapping } from '../compose/tree.js';
import type { LoadedProject } from '../compose/types.js';
import type { Cancellation } from '../exec/cancel.js';
import { abortableSleep, type ExecContext } from '../exec/context.js';
import { dryRunPorts } from '../exec/dry-run-ports.js';
import type { EventSink } from '../exec/events.js';
import { executePlan } from '../exec/execute.js';
import type { ExecPorts } from '../exec/ports.js';
import type { WalkMode } from '../exec/walker.js';
import type { DesiredState, Plan } from '../plan/types.js';
import { ProjectRecorder } from '../state/project-store.js';
import type { Launch } from '../supervisor/client.js';
import type { Drivers } from './drivers.js';

export const TSCOMPOSE_VERSION = packageJson.version;

/** How a lifecycle command talks to its caller: events, warnings, the clock, cancellation. */
export interface Session {
  drivers: Drivers;
  onEvent: EventSink;
  warn(message: string): void;
  dryRun: boolean;
  /** --parallel: -1 for no bound. */
  parallel: number;
  cancel?: Cancellation;
  now?: () => Date;
  pollMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told once when another command holds the project's lock. */
  onLockWait?: (holder: string) => void;
  lockTimeoutMs?: number;
  /** How to start the project supervisor; without it (unit tests) no supervisor is started or stopped. */
  supervisor?: () => Launch;
}

export function execContext(project: LoadedProject, desired: DesiredState, s: Session): ExecContext {
  const model = project.model;
  return {
    project: project.name,
    workingDir: project.workingDir,
    configFiles: project.configFiles,
    version: TSCOMPOSE_VERSION,
    desired,
    services: (model.services ?? {}) as Record<string, Mapping>,
    networks: (model.networks ?? {}) as Record<string, Mapping>,
    volumes: (model.volumes ?? {}) as Record<string, Mapping>,
    dryRun: s.dryRun,
    onEvent: s.onEvent,
    warn: (m) => s.warn(m),
    pollMs: s.pollMs ?? 500,
    sleep: s.sleep ?? abortableSleep,
    now: s.now ?? (() => new Date()),
  };
}

/** The ports a run uses: the drivers with the project's recorder, or for a dry run the ones that change nothing. */
export function portsFor(s: Session, recorder: ProjectRecorder | undefined): ExecPorts {
  if (s.dryRun) return dryRunPorts();
  return recorder === undefined ? { ...s.drivers.ports } : { ...s.drivers.ports, records: recorder };
}

export function recorderFor(s: Session, project: string, meta: { workingDir?: string; configFiles?: string[] } = {}): ProjectRecorder | undefined {
  return s.dryRun ? undefined : new ProjectRecorder(s.drivers.projects, project, s.now, meta);
}

export async function run(plan: Plan, ctx: ExecContext, ports: ExecPorts, s: Session, mode: WalkMode): Promise<void> {
  await executePlan(plan, ctx, ports, { mode, parallel: s.parallel, ...(s.cancel === undefined ? {} : { cancel: s.cancel }) });
}
