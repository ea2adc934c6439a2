/**
 * The `down` plan, as docker compose's down: containers stopped and removed
 * in reverse dependency order (a service after everything that depends on
 * it), orphans only with --remove-orphans, then the project's networks,
 * with -v its declared volumes and the containers' anonymous ones, with
 * --rmi the images. It plans only what exists, so a second down is empty.
 */
import { dependencyOrder, PlanBuilder } from './builder.js';
import type { DesiredState, ObservedContainer, ObservedState, Plan } from './types.js';

export interface DownOptions {
  removeOrphans: boolean;
  /** `-v`: named volumes declared in the model and anonymous volumes of removed containers. */
  volumes: boolean;
  /** `--rmi local|all`. */
  rmi?: 'local' | 'all';
  timeoutSeconds?: number;
  /** `down SERVICE...`: those services and the ones that depend on them. */
  services: readonly string[];
}

/** `desired` is the model when a compose file was found; without one, the records alone decide. */
export function planDown(project: string, desired: DesiredState | undefined, observed: ObservedState, opts: DownOptions): Plan {
  const b = new PlanBuilder(project);
  const known = desired === undefined ? undefined : new Set([...desired.services.map((s) => s.name), ...desired.otherServices]);
  const isOrphan = (c: ObservedContainer): boolean => known !== undefined && !known.has(c.service);
  const containers = observed.containers.filter((c) => (opts.removeOrphans || !c.oneOff) && !isOrphan(c));
  const selected = selectedServices(containers, desired, opts.services);
  const removed = removeInReverseOrder(b, containers.filter((c) => selected.has(c.service)), desired, opts);
  if (opts.removeOrphans) {
    for (const c of observed.containers.filter(isOrphan)) removed.push(removeOne(b, c, 'orphan', opts, []).removed);
  }
  for (const net of observed.networks.filter((n) => n.project === project)) b.add({ kind: 'network.remove', name: net.name }, removed);
  if (opts.volumes) for (const name of volumesToRemove(project, desired, observed)) b.add({ kind: 'volume.remove', name }, removed);
  if (opts.rmi !== undefined) for (const ref of imagesToRemove(desired, observed, opts.rmi)) b.add({ kind: 'image.remove', ref }, removed);
  return b.build({ empty: b.size === 0 && desired === undefined });
}

function dependenciesOf(service: string, containers: readonly ObservedContainer[], desired: DesiredState | undefined): string[] {
  const svc = desired?.services.find((s) => s.name === service);
  if (svc !== undefined) return svc.dependsOn.map((d) => d.service);
  return [...new Set(containers.filter((c) => c.service === service).flatMap((c) => c.dependsOn))];
}

/** docker compose's WithRootNodesAndDown: the named services plus every service that depends on them. */
function selectedServices(containers: readonly ObservedContainer[], desired: DesiredState | undefined, named: readonly string[]): Set<string> {
  const all = [...new Set([...containers.map((c) => c.service), ...(desired?.services.map((s) => s.name) ?? [])])];
  if (named.length === 0) return new Set(all);
  const out = new Set(named);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of all) {
      if (!out.has(s) && dependenciesOf(s, containers, desired).some((d) => out.has(d))) {
        out.add(s);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * A service's containers are stopped once every container of its dependants
 * is stopped (docker compose waits until they are removed too; the order of
 * the stops is the same, and a chain's removals then overlap its stops).
 */
function removeInReverseOrder(b: PlanBuilder, containers: readonly ObservedContainer[], desired: DesiredState | undefined, opts: DownOptions): number[] {
  const services = [...new Set(containers.map((c) => c.service))];
  const order = dependencyOrder(services, (s) => dependenciesOf(s, containers, desired)).reverse();
  const stoppedBy = new Map<string, number[]>();
  const removed: number[] = [];
  for (const service of order) {
    const dependants = services.filter((s) => dependenciesOf(s, containers, desired).includes(service));
    const after = dependants.flatMap((s) => stoppedBy.get(s) ?? []);
    const mine = containers.filter((c) => c.service === service).sort((x, y) => x.number - y.number);
    const nodes = mine.map((c) => removeOne(b, c, 'down', opts, after));
    stoppedBy.set(service, nodes.map((n) => n.stopped));
    removed.push(...nodes.map((n) => n.removed));
  }
  return removed;
}

/** Orphans keep their anonymous volumes even with -v, as docker compose's down does. */
function removeOne(b: PlanBuilder, c: ObservedContainer, cause: string, opts: DownOptions, after: number[]): { stopped: number; removed: number } {
  const stop = opts.timeoutSeconds === undefined ? c.stop : { ...c.stop, timeoutSeconds: opts.timeoutSeconds };
  const stopped = b.add({ kind: 'container.stop', name: c.name, service: c.service, cause, stop }, after);
  const anonymousVolumes = opts.volumes && cause !== 'orphan';
  return { stopped, removed: b.add({ kind: 'container.remove', name: c.name, service: c.service, cause, anonymousVolumes }, [stopped]) };
}

/** Declared, non-external volumes that exist; without a model, every volume the project created. */
function volumesToRemove(project: string, desired: DesiredState | undefined, observed: ObservedState): string[] {
  const exists = new Set(observed.volumes.map((v) => v.name));
  if (desired === undefined) return observed.volumes.filter((v) => v.project === project).map((v) => v.name).sort();
  return desired.volumes.filter((v) => !v.external && exists.has(v.name)).map((v) => v.name).sort();
}

/** `all`: every image the services use; `local`: only those without an `image:` of their own (built ones). */
function imagesToRemove(desired: DesiredState | undefined, observed: ObservedState, mode: 'local' | 'all'): string[] {
  const refs = desired === undefined
    ? (mode === 'all' ? observed.containers.map((c) => c.image) : [])
    : desired.services.filter((s) => mode === 'all' || !s.customImage).map((s) => s.image);
  return [...new Set(refs)].filter((r) => observed.images[r] !== undefined).sort();
}
