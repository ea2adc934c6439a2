/**
 * What a run of a plan needs besides the plan: the project's canonical model
 * (to translate a service into a container), its desired state, where to
 * send progress events and warnings, and a clock (tests pass fakes).
 */
import type { Mapping } from '../compose/tree.js';
import type { DesiredState } from '../plan/types.js';
import type { EventSink } from './events.js';

export interface ExecContext {
  project: string;
  workingDir: string;
  configFiles: readonly string[];
  /** The tscompose version, for com.docker.compose.version labels. */
  version: string;
  desired: DesiredState;
  /** Canonical service definitions (`config --format json`), by name. */
  services: Readonly<Record<string, Mapping>>;
  /** Canonical top-level networks and volumes, by key. */
  networks: Readonly<Record<string, Mapping>>;
  volumes: Readonly<Record<string, Mapping>>;
  /** Events and warnings only; no driver is called that changes anything. */
  dryRun: boolean;
  onEvent: EventSink;
  warn(message: string): void;
  /** How often a wait looks at the containers (docker compose: 500 ms). */
  pollMs: number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): Date;
}

/** A sleep that ends early, with an AbortError, when the signal fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
