/**
 * In-memory implementations of exec's ports: a fake engine, image store and
 * network library that keep state and log every call, so tests of exec and
 * app check the sequence of calls and what the records say.
 */
import { FakeVolumeDriver } from '../volumes/fake.js';
import type { ContainerCreateRequest, ContainerPort, ContainerStatus, ExecPorts, ImageInfo, ImagePort, NetworkCreateRequest, NetworkInfo, NetworkPort } from './ports.js';

export class FakeImages implements ImagePort {
  readonly calls: string[] = [];
  constructor(readonly images = new Map<string, ImageInfo>(), readonly registry = new Map<string, ImageInfo>()) {}

  async inspect(ref: string): Promise<ImageInfo | undefined> {
    return this.images.get(ref);
  }

  async pull(ref: string): Promise<ImageInfo> {
    this.calls.push(`pull ${ref}`);
    const found = this.registry.get(ref);
    if (found === undefined) throw new Error(`pull access denied for ${ref}, repository does not exist or may require 'docker login'`);
    this.images.set(ref, found);
    return found;
  }

  async remove(ref: string): Promise<'removed' | 'missing' | 'in-use'> {
    this.calls.push(`rmi ${ref}`);
    return this.images.delete(ref) ? 'removed' : 'missing';
  }
}

export class FakeNetworks implements NetworkPort {
  readonly calls: string[] = [];
  readonly networks = new Map<string, NetworkInfo>();
  /** Networks that report containers still attached. */
  readonly busy = new Set<string>();

  async create(req: NetworkCreateRequest): Promise<void> {
    this.calls.push(`create ${req.name}`);
    this.networks.set(req.name, { name: req.name, project: req.project });
  }

  async inspect(name: string): Promise<NetworkInfo | undefined> {
    return this.networks.get(name);
  }

  async remove(name: string): Promise<'removed' | 'missing' | 'in-use'> {
    this.calls.push(`remove ${name}`);
    if (this.busy.has(name)) return 'in-use';
    return this.networks.delete(name) ? 'removed' : 'missing';
  }
}

/** What a fake container does once started: run, exit with a code, or report health. */
export interface FakeBehaviour {
  exitCode?: number;
  health?: ContainerStatus['health'];
}

export class FakeEngine implements ContainerPort {
  readonly calls: string[] = [];
  readonly containers = new Map<string, ContainerStatus & { request: ContainerCreateRequest }>();
  readonly behaviour = new Map<string, FakeBehaviour>();
  readonly failures = new Map<string, Error>();
  private ids = 0;

  /** A container that exists before the test starts (a previous up made it). */
  seed(name: string, service: string, state: ContainerStatus['state'], exitCode = 0): void {
    const id = (++this.ids).toString(16).padStart(64, '0');
    const request = { name, service, project: '', number: 1, oneOff: false, config: {}, image: { id: '', config: {} }, imageRef: '', mounts: [], networks: [], labels: {} };
    this.containers.set(name, { name, id, state, exitCode, request });
  }

  private check(call: string): void {
    this.calls.push(call);
    const err = this.failures.get(call);
    if (err !== undefined) throw err;
  }

  async create(req: ContainerCreateRequest): Promise<{ id: string; rootfs: string }> {
    this.check(`create ${req.name}`);
    if (this.containers.has(req.name)) throw new Error(`Conflict. The container name "/${req.name}" is already in use`);
    const id = (++this.ids).toString(16).padStart(64, '0');
    this.containers.set(req.name, { name: req.name, id, state: 'created', exitCode: 0, request: req });
    return { id, rootfs: `/fake/containers/${id}/rootfs` };
  }

  async start(name: string): Promise<void> {
    this.check(`start ${name}`);
    const c = this.get(name);
    const b = this.behaviour.get(name) ?? this.behaviour.get(c.request.service) ?? {};
    c.startedAt = '2024-01-01T00:00:00Z';
    if (b.exitCode !== undefined) Object.assign(c, { state: 'exited', exitCode: b.exitCode, finishedAt: '2024-01-01T00:00:01Z' });
    else Object.assign(c, { state: 'running', ...(b.health === undefined ? {} : { health: b.health }) });
  }

  async stop(name: string): Promise<'stopped' | 'missing'> {
    this.check(`stop ${name}`);
    const c = this.containers.get(name);
    if (c === undefined) return 'missing';
    if (c.state === 'running') Object.assign(c, { state: 'exited', exitCode: 0, finishedAt: '2024-01-01T00:00:02Z' });
    return 'stopped';
  }

  async kill(name: string, signal: string): Promise<'killed' | 'missing' | 'not-running'> {
    this.check(`kill ${name} ${signal}`);
    const c = this.containers.get(name);
    if (c === undefined) return 'missing';
    if (c.state !== 'running') return 'not-running';
    Object.assign(c, { state: 'exited', exitCode: 137 });
    return 'killed';
  }

  async remove(name: string): Promise<'removed' | 'missing'> {
    this.check(`rm ${name}`);
    return this.containers.delete(name) ? 'removed' : 'missing';
  }

  async inspect(name: string): Promise<ContainerStatus | undefined> {
    const c = this.containers.get(name);
    if (c === undefined) return undefined;
    const { request: _request, ...status } = c;
    return status;
  }

  private get(name: string): ContainerStatus & { request: ContainerCreateRequest } {
    const c = this.containers.get(name);
    if (c === undefined) throw new Error(`No such container: ${name}`);
    return c;
  }
}

export function fakePorts(): ExecPorts & { images: FakeImages; containers: FakeEngine; networks: FakeNetworks; volumes: FakeVolumeDriver } {
  return { images: new FakeImages(), containers: new FakeEngine(), networks: new FakeNetworks(), volumes: new FakeVolumeDriver() };
}
