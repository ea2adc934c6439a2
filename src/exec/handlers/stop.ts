/**
 * Stopping a container: its stop signal, then SIGKILL after the grace
 * period (the engine's job); a forced cancellation turns a stop in progress
 * into an immediate SIGKILL. A container that is already gone is stopped.
 */
import type { StopSpec } from '../../plan/types.js';
import type { Run } from './run.js';

export async function stopContainer(r: Run, name: string, stop: StopSpec): Promise<void> {
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
