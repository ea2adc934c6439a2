/**
 * exec's ContainerPort over the engine, the image store and the network
 * driver. create: the image's layers and config, the service translated
 * (container-spec.ts), the networking made first (network-setup.ts) so its
 * namespace path and /etc files go into the engine's create, and undone when
 * the create fails. start tells the project supervisor (healthchecks,
 * restart policies) to watch the container; inspect adds the health it saw.
 * remove takes the sandbox with the container.
 */
import type { ContainerEngine, LogConfig, NamespaceMode } from '../../engine/index.js';
import { ExecError } from '../../exec/errors.js';
import { allOf } from '../../host/lazy.js';
import type { ContainerCreateRequest, ContainerPort, ContainerStatus } from '../../exec/ports.js';
import type { ImageStore } from '../../images/index.js';
import type { NetworkDriver } from '../../network/index.js';
import { parseBytes } from '../../compose/units.js';
import { containerSpec, obj } from './container-spec.js';
import { inspectByName, statusOf } from '../../supervisor/engine-ports.js';
import { networkSetup, peerOf } from './network-setup.js';

export interface ContainerPortDeps {
  engine(): Promise<ContainerEngine>;
  imageStore(): Promise<ImageStore>;
  network(): Promise<NetworkDriver>;
  /** Called after a start: the supervisor watches the project's containers. */
  onStarted(project: string): Promise<void>;
  /** Called before a stop, once the record says the user asked for it: the supervisor must not restart it. */
  onStopping(project: string): Promise<void>;
  /** The health the supervisor saw, when the container has a healthcheck. */
  healthOf(project: string, name: string): Promise<ContainerStatus['health'] | undefined>;
}

/** compose `logging:`: json-file and local keep a rotated file (max-size, max-file); none keeps nothing. */
export function loggingOf(v: unknown): Partial<LogConfig> {
  const l = obj(v);
  const opts = obj(l.options);
  return {
    ...(l.driver === 'none' ? { driver: 'none' as const } : {}),
    ...(typeof opts['max-size'] === 'string' ? { maxSize: parseBytes(opts['max-size']) } : {}),
    ...(opts['max-file'] === undefined ? {} : { maxFiles: Number(opts['max-file']) }),
  };
}

async function peerNamespaces(engine: ContainerEngine, req: ContainerCreateRequest): Promise<Map<string, NamespaceMode>> {
  const peers = new Map<string, NamespaceMode>();
  for (const key of ['ipc', 'pid', 'uts']) {
    const v = req.config[key];
    if (typeof v === 'string' && (v.startsWith('service:') || v.startsWith('container:'))) peers.set(v, { mode: 'container', id: await peerOf(engine, req.project, v) });
  }
  return peers;
}

async function create(d: ContainerPortDeps, req: ContainerCreateRequest): Promise<{ id: string; rootfs: string }> {
  const [engine, store, net] = [await d.engine(), await d.imageStore(), await d.network()];
  const image = (await store.get(req.image.id)) ?? (await store.get(req.imageRef));
  if (image === undefined) throw new ExecError('E_NO_SUCH_IMAGE', `No such image: ${req.imageRef}`, { hint: 'pull or build it first' });
  // crypto loaded at the first create, not by every command that opens the drivers.
  const id = process.getBuiltinModule('node:crypto').randomBytes(32).toString('hex');
  const peers = await peerNamespaces(engine, req);
  const spec = containerSpec({ id, service: req.config, image: image.config.config ?? {}, mounts: req.mounts, peers: { namespace: (m) => peers.get(m) } });
  const setup = await networkSetup(req, id, spec.hostname ?? id.slice(0, 12), engine, net);
  try {
    await engine.create({
      description: { ...spec, network: setup.network }, name: req.name, layerDirs: image.layerDirs, image: req.imageRef,
      labels: req.labels, logging: loggingOf(req.config.logging), hosts: setup.hosts, resolvConf: setup.resolvConf,
    });
  } catch (e) {
    if (setup.sandbox !== undefined) await net.removeSandbox(setup.sandbox).catch(() => undefined);
    throw e;
  }
  return { id, rootfs: (await engine.inspect(id)).paths.rootfs };
}

/**
 * A container that has ended (as `down` leaves it) needs its network
 * namespace no more: the namespace goes while the engine unmounts and
 * deletes the container's files, both tried, the first failure thrown. One
 * still created or running is killed by the engine first, and keeps its
 * namespace until its process is gone.
 */
async function remove(d: ContainerPortDeps, name: string): Promise<'removed' | 'missing'> {
  const engine = await d.engine();
  const c = await inspectByName(engine, name);
  if (c === undefined) return 'missing';
  const net = await d.network();
  const dropSandbox = async (): Promise<void> => {
    if ((await net.getSandbox(c.id)) !== undefined) await net.removeSandbox(c.id);
  };
  if (c.state.status !== 'exited') {
    await engine.remove(c.id, { force: true });
    await dropSandbox();
    return 'removed';
  }
  await allOf([engine.remove(c.id, { force: true }), dropSandbox()]);
  return 'removed';
}

export function containerPort(d: ContainerPortDeps): ContainerPort {
  return {
    create: (req) => create(d, req),
    async start(name) {
      const engine = await d.engine();
      const c = await inspectByName(engine, name);
      if (c === undefined) throw new ExecError('E_NO_SUCH_CONTAINER', `No such container: ${name}`);
      await engine.start(c.id);
      await d.onStarted(c.labels['com.docker.compose.project'] ?? '');
    },
    async stop(name, opts) {
      const engine = await d.engine();
      const c = await inspectByName(engine, name);
      if (c === undefined) return 'missing';
      await d.onStopping(c.labels['com.docker.compose.project'] ?? '');
      await engine.stop(c.id, { signal: opts.signal, timeout: opts.timeoutSeconds });
      return 'stopped';
    },
    async kill(name, signal) {
      const engine = await d.engine();
      const c = await inspectByName(engine, name);
      if (c === undefined) return 'missing';
      if (!c.state.running) return 'not-running';
      await engine.kill(c.id, signal);
      return 'killed';
    },
    remove: (name) => remove(d, name),
    async inspect(name) {
      const c = await inspectByName(await d.engine(), name);
      if (c === undefined) return undefined;
      const health = await d.healthOf(c.labels['com.docker.compose.project'] ?? '', name);
      return { ...statusOf(c), ...(health === undefined ? {} : { health }) };
    },
  };
}
