/**
 * Networks, volumes and images: create, pull and remove, with docker
 * compose's progress events (`Network p_default  Created`,
 * `Volume "p_data"  Created`, `db Pulling`, `Image x  Removed`). Removing
 * what is already gone succeeds.
 */
import { isMapping } from '../../compose/tree.js';
import type { Operation } from '../../plan/types.js';
import { ExecError } from '../errors.js';
import { event, imageId, networkId, volumeCreateId, volumeId } from '../events.js';
import type { Run } from './run.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function createNetwork(op: Op<'network.create'>, r: Run): Promise<void> {
  const { name, key } = op.network;
  const id = networkId(name);
  r.ctx.onEvent(event(id, 'working', 'Creating'));
  const labels = { 'com.docker.compose.network': key, 'com.docker.compose.project': r.ctx.project, 'com.docker.compose.version': r.ctx.version };
  try {
    await r.ports.networks.create({ name, key, project: r.ctx.project, config: r.ctx.networks[key] ?? {}, labels });
  } catch (e) {
    r.ctx.onEvent(event(id, 'error', 'Error'));
    throw new ExecError('E_NETWORK_CREATE', `failed to create network ${name}: ${message(e)}`, { cause: e });
  }
  r.ports.records?.putNetwork({ key, name });
  r.ctx.onEvent(event(id, 'done', 'Created'));
}

export async function removeNetwork(op: Op<'network.remove'>, r: Run): Promise<void> {
  const id = networkId(op.name);
  r.ctx.onEvent(event(id, 'working', 'Removing'));
  let result: Awaited<ReturnType<typeof r.ports.networks.remove>>;
  try {
    result = await r.ports.networks.remove(op.name);
  } catch (e) {
    r.ctx.onEvent(event(id, 'error', 'Error'));
    throw new ExecError('E_NETWORK_REMOVE', `failed to remove network ${op.name}: ${message(e)}`, { cause: e });
  }
  if (result === 'in-use') {
    r.ctx.onEvent(event(id, 'warning', 'Resource is still in use'));
    return;
  }
  r.ports.records?.dropNetwork(op.name);
  r.ctx.onEvent(event(id, 'done', 'Removed'));
}

export async function createVolume(op: Op<'volume.create'>, r: Run): Promise<void> {
  const { name, key } = op.volume;
  const id = volumeCreateId(name);
  const def = r.ctx.volumes[key] ?? {};
  r.ctx.onEvent(event(id, 'working', 'Creating'));
  const labels = {
    ...stringMap(def.labels),
    'com.docker.compose.project': r.ctx.project,
    'com.docker.compose.version': r.ctx.version,
    'com.docker.compose.volume': key,
  };
  try {
    const driver = typeof def.driver === 'string' ? def.driver : undefined;
    await r.ports.volumes.create({ name, labels, driverOpts: stringMap(def.driver_opts), ...(driver === undefined ? {} : { driver }) });
  } catch (e) {
    r.ctx.onEvent(event(id, 'error', 'Error'));
    throw e;
  }
  r.ports.records?.putVolume({ key, name });
  r.ctx.onEvent(event(id, 'done', 'Created'));
}

function stringMap(v: unknown): Record<string, string> {
  return isMapping(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};
}

export async function removeVolume(op: Op<'volume.remove'>, r: Run): Promise<void> {
  const id = volumeId(op.name);
  r.ctx.onEvent(event(id, 'working', 'Removing'));
  const result = await r.ports.volumes.remove(op.name);
  r.ports.records?.dropVolume(op.name);
  r.ctx.onEvent(result === 'removed' ? event(id, 'done', 'Removed') : event(id, 'done', 'Warning: No resource found to remove'));
}

/** docker compose reports a pull under each service that uses the image. */
export async function pullImage(op: Op<'image.pull'>, r: Run): Promise<void> {
  for (const s of op.services) r.ctx.onEvent(event(s, 'working', '', 'Pulling'));
  try {
    await r.ports.images.pull(op.ref, { signal: r.signal });
  } catch (e) {
    for (const s of op.services) r.ctx.onEvent(event(s, 'error', message(e), 'Error'));
    throw e;
  }
  for (const s of op.services) r.ctx.onEvent(event(s, 'done', '', 'Pulled'));
}

export async function removeImage(op: Op<'image.remove'>, r: Run): Promise<void> {
  const id = imageId(op.ref);
  r.ctx.onEvent(event(id, 'working', 'Removing'));
  const result = await r.ports.images.remove(op.ref);
  if (result === 'in-use') r.ctx.onEvent(event(id, 'warning', 'Resource is still in use'));
  else r.ctx.onEvent(event(id, 'done', result === 'removed' ? 'Removed' : 'Warning: No resource found to remove'));
}
