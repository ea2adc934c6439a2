/**
 * How the service commands start, stop, kill and remove a container: through
 * exec's container port, as `up` and `down` do, once its adapter is wired
 * (it also looks after what the engine does not know, such as the
 * container's network endpoints); until then through the engine itself,
 * which is all a container has when no network driver is wired either.
 */
import type { ContainerEngine } from '../engine/index.js';
import type { ContainerPort } from '../exec/ports.js';
import { isWired } from '../exec/unwired.js';
import type { Target } from './service-targets.js';

export interface ContainerOps {
  start(t: Target): Promise<void>;
  stop(t: Target, timeoutSeconds: number | undefined): Promise<void>;
  kill(t: Target, signal: string): Promise<void>;
  remove(t: Target): Promise<void>;
}

export function containerOps(port: ContainerPort, engine: ContainerEngine): ContainerOps {
  const timeout = (t: Target, s: number | undefined): number => s ?? t.record.stop.timeoutSeconds;
  if (isWired(port)) {
    return {
      start: (t) => port.start(t.record.name),
      stop: async (t, s) => void (await port.stop(t.record.name, { signal: t.record.stop.signal, timeoutSeconds: timeout(t, s) })),
      kill: async (t, signal) => void (await port.kill(t.record.name, signal)),
      remove: async (t) => void (await port.remove(t.record.name)),
    };
  }
  return {
    start: (t) => engine.start(t.inspect.id),
    stop: (t, s) => engine.stop(t.inspect.id, { signal: t.record.stop.signal, timeout: timeout(t, s) }),
    kill: (t, signal) => engine.kill(t.inspect.id, signal),
    remove: (t) => engine.remove(t.inspect.id, { force: true }),
  };
}
