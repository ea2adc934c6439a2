/**
 * Stopping a container: its stop signal, then SIGKILL after the grace
 * period (the engine's job); a forced cancellation turns a stop in progress
 * into an immediate SIGKILL. A container that is already gone is stopped.
 * The record says the stop was asked for before the signal goes, as dockerd
 * marks any stop: the supervisor's restart policy must not bring back a
 * container that `down` or a recreate is about to remove.
 */
import type { StopSpec } from '../../plan/types.js';
import type { Run } from './run.js';

export async function stopContainer(r: Run, name: string, stop: StopSpec): Promise<void> {
  const rec = r.ports.records?.container(name);
  if (rec !== undefined && !rec.stoppedByUser) await r.ports.records?.putContainerSoon({ ...rec, stoppedByUser: true });
  if (r.signal.aborted) {
    await r.ports.containers.kill(name, 'SIGKILL');
    return;
  }
  const onForce = (): void => {
    void r.ports.containers.kill(name, 'SIGKILL').catch(() => undefined);
  };
  r.signal.addEventListener('abort', onForce, { once: true });
  try {
    await r.ports.containers.stop(name, stop);
  } finally {
    r.signal.removeEventListener('abort', onForce);
  }
}
