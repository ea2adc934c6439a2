/**
 * Creating and recreating containers. A create translates the service
 * (mounts, networks, labels), asks the engine for the container, fills empty
 * volumes from the image and records the container. A recreate stops and
 * removes the old container, then creates the new one under the same name
 * with the old one's anonymous volumes (-V: new ones, the old ones removed).
 */
import { isMapping, type Mapping } from '../../compose/tree.js';
import type { DesiredService, OneOffSpec, Operation } from '../../plan/types.js';
import type { ContainerRecord, MountRecord } from '../../state/records.js';
import { ExecError } from '../errors.js';
import { containerId, event } from '../events.js';
import type { ContainerNetwork, ImageInfo } from '../ports.js';
import { planMounts } from '../translate/mounts.js';
import { containerLabels, healthcheckOf, restartOf, stopOf } from '../translate/record.js';
import type { Run } from './run.js';
import { stopContainer } from './stop.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

export async function createContainer(op: Op<'container.create'>, r: Run): Promise<void> {
  const id = containerId(op.name);
  // docker compose creates a one-off outside its progress display: no lines for it.
  const report = op.oneOff === undefined ? r.ctx.onEvent : (): void => undefined;
  report(event(id, 'working', 'Creating'));
  if (!r.ctx.dryRun) await makeContainer(op, r, new Map());
  report(event(id, 'done', 'Created'));
}

export async function recreateContainer(op: Op<'container.recreate'>, r: Run): Promise<void> {
  const id = containerId(op.name);
  r.ctx.onEvent(event(id, 'working', 'Recreate'));
  if (!r.ctx.dryRun) {
    const old = r.ports.records?.container(op.replaces.name);
    await stopContainer(r, op.replaces.name, op.stop);
    await r.ports.containers.remove(op.replaces.name);
    r.ports.records?.dropContainer(op.replaces.name);
    const anonymous = old?.anonymousVolumes ?? [];
    if (!op.inherit) for (const a of anonymous) await r.ports.volumes.remove(a.name);
    await makeContainer(op, r, new Map(op.inherit ? anonymous.map((a) => [a.target, a.name]) : []), op.replaces.name);
  }
  r.ctx.onEvent(event(id, 'done', 'Recreated'));
}

function serviceOf(r: Run, name: string): { config: Mapping; desired: DesiredService } {
  const config = r.ctx.services[name];
  const desired = r.ctx.desired.services.find((s) => s.name === name);
  if (config === undefined || desired === undefined) throw new ExecError('E_UNKNOWN_SERVICE', `no such service: ${name}`);
  return { config, desired };
}

interface Made {
  name: string;
  service: string;
  number: number;
  /** A `run` container: labelled oneoff=True with its slug, never converged, no restart policy. */
  oneOff?: OneOffSpec;
}

async function makeContainer(op: Made, r: Run, inherited: ReadonlyMap<string, string>, replaces?: string): Promise<void> {
  const { config, desired } = serviceOf(r, op.service);
  const image = await r.ports.images.inspect(desired.image);
  if (image === undefined) throw new ExecError('E_NO_SUCH_IMAGE', `No such image: ${desired.image}`, { hint: `pull it with tscompose pull ${op.service}` });
  const mounts = await planMounts({
    service: op.service, config, image: image.config, inherited, driver: r.ports.volumes, labels: {},
    volumeNames: new Map(r.ctx.desired.volumes.map((v) => [v.key, v.name])),
    volumesFrom: volumesFrom(r, config),
  });
  const labels = containerLabels(config, {
    project: r.ctx.project, desired, number: op.number, imageId: image.id, workingDir: r.ctx.workingDir,
    configFiles: r.ctx.configFiles, version: r.ctx.version, ...(replaces === undefined ? {} : { replaces }),
    ...(op.oneOff === undefined ? {} : { slug: op.oneOff.slug }),
  });
  const networks = networksOf(r, config, desired, op.name, op.oneOff === undefined || op.oneOff.useAliases);
  const created = await r.ports.containers.create({
    name: op.name, project: r.ctx.project, service: op.service, number: op.number, oneOff: op.oneOff !== undefined,
    config, image, imageRef: desired.image, mounts: mounts.mounts, networks, labels,
  });
  for (const c of mounts.copyUp) await r.ports.volumes.copyUp(c.volume, created.rootfs, c.target);
  r.ports.records?.putContainer(recordOf(r, op, config, desired, image, created.id, networks, mounts));
}

function recordOf(
  r: Run, op: Made, config: Mapping, desired: DesiredService, image: ImageInfo,
  id: string, networks: ContainerNetwork[], mounts: { anonymous: Array<{ target: string; name: string }>; records: MountRecord[] },
): ContainerRecord {
  const healthcheck = healthcheckOf(config, image.config);
  return {
    name: op.name, id, service: op.service, number: op.number, oneOff: op.oneOff !== undefined, hash: desired.hash, image: desired.image, imageId: image.id,
    networks: networks.map((n) => n.name), volumes: desired.volumes.map((k) => r.ctx.desired.volumes.find((v) => v.key === k)?.name ?? k),
    anonymousVolumes: mounts.anonymous, mounts: mounts.records,
    dependsOn: desired.dependsOn.map((d) => ({ service: d.service, condition: d.condition, required: d.required, restart: d.restart })),
    stop: stopOf(config, desired.stop, image.config), restart: restartOf(config),
    ...(healthcheck === undefined ? {} : { healthcheck }),
    stoppedByUser: false, createdAt: r.ctx.now().toISOString(),
  };
}

/** docker compose's getAliases: the container name, then (for services, and one-offs with --use-aliases) the service name and the network's aliases. */
function networksOf(r: Run, config: Mapping, desired: DesiredService, name: string, serviceAliases: boolean): ContainerNetwork[] {
  const nets = isMapping(config.networks) ? config.networks : {};
  return desired.networks.map((key) => {
    const cfg = isMapping(nets[key]) ? (nets[key] as Mapping) : {};
    const aliases = Array.isArray(cfg.aliases) ? cfg.aliases.map(String) : [];
    const netName = r.ctx.desired.networks.find((n) => n.key === key)?.name ?? key;
    return { name: netName, key, aliases: serviceAliases ? [name, desired.name, ...aliases] : [name] };
  });
}

/** `volumes_from: [svc[:ro]]`: the mounts of the service's first container, from its record. */
function volumesFrom(r: Run, config: Mapping): Array<{ mounts: MountRecord[]; readOnly: boolean }> {
  const list = Array.isArray(config.volumes_from) ? config.volumes_from.map(String) : [];
  return list.map((entry) => {
    const parts = entry.split(':');
    const [svc, mode] = parts[0] === 'container' ? [parts[1] ?? '', parts[2]] : [parts[0] ?? '', parts[1]];
    const parent = (r.ports.records?.current.containers ?? [])
      .filter((c) => c.service === svc || c.name === svc)
      .sort((a, b) => a.number - b.number)[0];
    if (parent === undefined) throw new ExecError('E_VOLUMES_FROM', `cannot share volume with service ${svc}: container missing`);
    return { mounts: parent.mounts, readOnly: mode === 'ro' };
  });
}
