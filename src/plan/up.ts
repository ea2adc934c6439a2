/**
 * The `up` (and `create`) plan, with docker compose's convergence rules:
 * orphans warned about or removed, networks and named volumes created when
 * missing (external ones must exist), images pulled by policy, then each
 * service converged in dependency order (up-services.ts).
 */
import { PlanBuilder } from './builder.js';
import { PlanError } from './errors.js';
import { removeContainer } from './removal.js';
import { defaultUpOptions, type Infrastructure, type UpOptions } from './up-options.js';
import { convergeServices } from './up-services.js';
import type { DesiredService, DesiredState, ObservedState, Plan } from './types.js';

export { defaultUpOptions, type RecreateStrategy, type UpOptions } from './up-options.js';

export function planUp(desired: DesiredState, observed: ObservedState, opts: UpOptions = defaultUpOptions): Plan {
  const b = new PlanBuilder(desired.project);
  planOrphans(b, desired, observed, opts);
  const infra: Infrastructure = {
    networks: planNetworks(b, desired, observed, opts.oneOff?.service),
    volumes: planVolumes(b, desired, observed, opts.oneOff?.service),
    images: planImages(b, desired.services, observed, opts.pulled ?? new Set(), opts.oneOff?.service),
  };
  convergeServices(b, desired, observed, infra, opts);
  return b.build();
}

function planOrphans(b: PlanBuilder, desired: DesiredState, observed: ObservedState, opts: UpOptions): void {
  const known = new Set([...desired.services.map((s) => s.name), ...desired.otherServices]);
  const orphans = observed.containers.filter((c) => !known.has(c.service));
  if (orphans.length === 0 || opts.ignoreOrphans) return;
  if (!opts.removeOrphans) {
    b.warnings.push(
      `Found orphan containers ([${orphans.map((c) => c.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
    );
    return;
  }
  for (const c of orphans) removeContainer(b, c, 'orphan', opts.timeoutSeconds, []);
}

/** A service scaled to 0 needs nothing, unless `run` makes a one-off of it. */
function active(s: DesiredService, oneOff: string | undefined): boolean {
  return s.replicas > 0 || s.name === oneOff;
}

function used(desired: DesiredState, pick: (s: DesiredService) => readonly string[], oneOff: string | undefined): Set<string> {
  return new Set(desired.services.filter((s) => active(s, oneOff)).flatMap(pick));
}

function planNetworks(b: PlanBuilder, desired: DesiredState, observed: ObservedState, oneOff: string | undefined): Map<string, number> {
  const nodes = new Map<string, number>();
  const wanted = used(desired, (s) => s.networks, oneOff);
  for (const net of desired.networks.filter((n) => wanted.has(n.key))) {
    const found = observed.networks.find((n) => n.name === net.name);
    if (net.external) {
      if (found === undefined) throw new PlanError('E_EXTERNAL_NETWORK', `network ${net.name} declared as external, but could not be found`, { hint: `create it first, or remove external: true from networks.${net.key}` });
      continue;
    }
    if (found === undefined) {
      nodes.set(net.key, b.add({ kind: 'network.create', network: net }));
    } else if (found.project === undefined) {
      b.warnings.push(`a network with name ${net.name} exists but was not created by tscompose.\nSet \`external: true\` to use an existing network`);
    } else if (found.project !== desired.project) {
      b.warnings.push(`a network with name ${net.name} exists but was not created for project "${desired.project}".\nSet \`external: true\` to use an existing network`);
    }
  }
  return nodes;
}

function planVolumes(b: PlanBuilder, desired: DesiredState, observed: ObservedState, oneOff: string | undefined): Map<string, number> {
  const nodes = new Map<string, number>();
  const wanted = used(desired, (s) => s.volumes, oneOff);
  for (const vol of desired.volumes.filter((v) => wanted.has(v.key))) {
    const found = observed.volumes.find((v) => v.name === vol.name);
    if (vol.external) {
      if (found === undefined) throw new PlanError('E_EXTERNAL_VOLUME', `external volume "${vol.name}" not found`, { hint: `create it with tscompose volume create ${vol.name}, or remove external: true from volumes.${vol.key}` });
      continue;
    }
    if (found === undefined) {
      nodes.set(vol.key, b.add({ kind: 'volume.create', volume: vol }));
    } else if (found.project === undefined) {
      b.warnings.push(`volume "${vol.name}" already exists but was not created by tscompose. Use \`external: true\` to use an existing volume`);
    } else if (found.project !== desired.project) {
      b.warnings.push(`volume "${vol.name}" already exists but was created for project "${found.project}" (expected "${desired.project}"). Use \`external: true\` to use an existing volume`);
    }
  }
  return nodes;
}

/** One pull per image reference, as docker compose's pull policy decides; never and build must find the image. */
function planImages(b: PlanBuilder, services: readonly DesiredService[], observed: ObservedState, pulled: ReadonlySet<string>, oneOff: string | undefined): Map<string, number> {
  const byRef = new Map<string, { services: string[]; reason: 'missing' | 'always' }>();
  for (const svc of services.filter((s) => active(s, oneOff))) {
    const present = observed.images[svc.image] !== undefined;
    if (pulled.has(svc.image) || (present && svc.pullPolicy !== 'always')) continue;
    if (svc.pullPolicy === 'never') {
      throw new PlanError('E_IMAGE_MISSING', `service "${svc.name}": image ${svc.image} is not present and pull_policy is never`, { hint: 'pull it with tscompose pull, or change pull_policy' });
    }
    if (svc.pullPolicy === 'build' || (svc.hasBuild && !present)) {
      throw new PlanError('E_BUILD_UNSUPPORTED', `service "${svc.name}" needs its image ${svc.image} built, and tscompose cannot build images yet`, { hint: 'build the image elsewhere and load it, or give the service an image: to pull' });
    }
    const entry = byRef.get(svc.image) ?? { services: [], reason: present ? 'always' : 'missing' };
    entry.services.push(svc.name);
    byRef.set(svc.image, entry);
  }
  const nodes = new Map<string, number>();
  for (const [ref, e] of [...byRef].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    nodes.set(ref, b.add({ kind: 'image.pull', ref, services: e.services, reason: e.reason }));
  }
  return nodes;
}
