/**
 * Starting, keeping, stopping and removing containers, with docker
 * compose's events (`Starting`/`Started`, `Running`, `Stopping`/`Stopped`,
 * `Removing`/`Removed`). Removing a container that is gone succeeds; with
 * down -v its anonymous volumes go with it.
 */
import type { Operation } from '../../plan/types.js';
import { containerId, event } from '../events.js';
import type { Run } from './run.js';
import { stopContainer } from './stop.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

export async function startContainer(op: Op<'container.start'>, r: Run): Promise<void> {
  const id = containerId(op.name);
  r.ctx.onEvent(event(id, 'working', 'Starting'));
  await r.ports.containers.start(op.name);
  const rec = r.ports.records?.container(op.name);
  if (rec?.stoppedByUser === true) r.ports.records?.putContainer({ ...rec, stoppedByUser: false });
  r.ctx.onEvent(event(id, 'done', 'Started'));
}

/**
 * Running ones say so; created and exited ones say Created (they are started next); restarting ones say nothing.
 * A running one marked stopped by the user (a stop cut short) loses the mark, as a start does: its restart policy holds again.
 */
export async function keepContainer(op: Op<'container.keep'>, r: Run): Promise<void> {
  const rec = r.ports.records?.container(op.name);
  if (op.state === 'running' && rec?.stoppedByUser === true) r.ports.records?.putContainer({ ...rec, stoppedByUser: false });
  if (op.state === 'running') r.ctx.onEvent(event(containerId(op.name), 'done', 'Running'));
  else if (op.state !== 'restarting') r.ctx.onEvent(event(containerId(op.name), 'done', 'Created'));
}

export async function stopOne(op: Op<'container.stop'>, r: Run): Promise<void> {
  const id = containerId(op.name);
  r.ctx.onEvent(event(id, 'working', 'Stopping'));
  try {
    await stopContainer(r, op.name, op.stop);
  } catch (e) {
    r.ctx.onEvent(event(id, 'error', 'Error while Stopping'));
    throw e;
  }
  r.ctx.onEvent(event(id, 'done', 'Stopped'));
}

export async function removeOne(op: Op<'container.remove'>, r: Run): Promise<void> {
  const id = containerId(op.name);
  r.ctx.onEvent(event(id, 'working', 'Removing'));
  const anonymous = r.ports.records?.container(op.name)?.anonymousVolumes ?? [];
  try {
    await r.ports.containers.remove(op.name);
  } catch (e) {
    r.ctx.onEvent(event(id, 'error', 'Error while Removing'));
    throw e;
  }
  await r.ports.records?.dropContainerSoon(op.name);
  if (op.anonymousVolumes) for (const a of anonymous) await r.ports.volumes.remove(a.name);
  r.ctx.onEvent(event(id, 'done', 'Removed'));
}
