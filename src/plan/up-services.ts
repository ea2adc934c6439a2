/**
 * Converging each service, in dependency order: containers beyond the scale
 * are removed (highest numbers first), diverged ones recreated, stopped ones
 * started, missing ones created as project-service-N. Starts wait for the
 * dependencies' conditions (service_healthy, service_completed_successfully)
 * as separate wait operations, shared by every dependant.
 */
import { dependencyOrder, type PlanBuilder } from './builder.js';
import { recreateCause } from './recreate.js';
import { removeContainer } from './removal.js';
import type { Infrastructure, OneOffTarget, UpOptions } from './up-options.js';
import type { DesiredDependency, DesiredService, DesiredState, ObservedState, WaitCondition } from './types.js';

interface Converging {
  b: PlanBuilder;
  desired: DesiredState;
  observed: ObservedState;
  infra: Infrastructure;
  opts: UpOptions;
  /** Service -> ids of the nodes after which all its containers are running (start or keep). */
  ready: Map<string, number[]>;
  /** Service -> ids of its create/recreate nodes. */
  made: Map<string, number[]>;
  recreated: Set<string>;
  /** Names of the containers each service will have, in number order. */
  containers: Map<string, string[]>;
  waits: Map<string, number>;
}

export function convergeServices(b: PlanBuilder, desired: DesiredState, observed: ObservedState, infra: Infrastructure, opts: UpOptions): void {
  const byName = new Map(desired.services.map((s) => [s.name, s]));
  const c: Converging = { b, desired, observed, infra, opts, ready: new Map(), made: new Map(), recreated: new Set(), containers: new Map(), waits: new Map() };
  const order = dependencyOrder([...byName.keys()], (n) => byName.get(n)?.dependsOn.map((d) => d.service) ?? []);
  for (const name of order) {
    const svc = byName.get(name) as DesiredService;
    if (opts.oneOff?.service === name) planOneOff(c, svc, opts.oneOff);
    else convergeService(c, svc);
  }
}

/** docker compose's run: the dependencies run (and are healthy or completed as asked) before the one-off is created. */
function planOneOff(c: Converging, svc: DesiredService, target: OneOffTarget): void {
  const waits = svc.dependsOn.flatMap((d) => [...(c.ready.get(d.service) ?? []), waitFor(c, svc, d)]);
  const oneOff = { slug: target.slug, useAliases: target.useAliases };
  c.b.add({ kind: 'container.create', name: target.name, service: svc.name, number: 1, oneOff }, new Set([...createDependencies(c, svc), ...waits]));
}

function containerName(project: string, svc: DesiredService, n: number): string {
  return svc.containerName ?? `${project}-${svc.name}-${n}`;
}

function convergeService(c: Converging, svc: DesiredService): void {
  const existing = c.observed.containers.filter((o) => o.service === svc.name && !o.oneOff).sort((a, z) => a.number - z.number);
  const strategy = c.opts.services.length === 0 || c.opts.services.includes(svc.name) ? c.opts.recreate : c.opts.recreateDependencies;
  const createAfter = createDependencies(c, svc);
  const parentRecreated = svc.dependsOn.find((d) => (d.restart || d.sharesNamespace) && c.recreated.has(d.service));
  const made: number[] = [];
  const toStart: Array<{ name: string; after: number }> = [];
  const kept: number[] = [];
  const names: string[] = [];
  for (const [i, o] of existing.entries()) {
    if (i >= svc.replicas) {
      removeContainer(c.b, o, 'scale down', c.opts.timeoutSeconds, []);
      continue;
    }
    names.push(o.name);
    const cause = recreateCause(svc, o, strategy, parentRecreated?.service, c.observed.images[svc.image]);
    if (cause !== undefined) {
      const stop = c.opts.timeoutSeconds === undefined ? o.stop : { ...o.stop, timeoutSeconds: c.opts.timeoutSeconds };
      const id = c.b.add({ kind: 'container.recreate', name: containerName(c.desired.project, svc, o.number), service: svc.name, number: o.number, cause, replaces: o, inherit: c.opts.inherit, stop }, createAfter);
      made.push(id);
      toStart.push({ name: containerName(c.desired.project, svc, o.number), after: id });
      c.recreated.add(svc.name);
    } else if (o.state === 'running' || o.state === 'restarting') {
      kept.push(c.b.add({ kind: 'container.keep', name: o.name, service: svc.name, state: o.state }));
    } else {
      // docker compose reports a stopped container as Created before it starts it again.
      toStart.push({ name: o.name, after: c.b.add({ kind: 'container.keep', name: o.name, service: svc.name, state: o.state }) });
    }
  }
  const next = existing.reduce((m, o) => Math.max(m, o.number), 0) + 1;
  for (let i = 0; i < svc.replicas - Math.min(existing.length, svc.replicas); i++) {
    const name = containerName(c.desired.project, svc, next + i);
    names.push(name);
    const id = c.b.add({ kind: 'container.create', name, service: svc.name, number: next + i }, createAfter);
    made.push(id);
    toStart.push({ name, after: id });
  }
  c.made.set(svc.name, made);
  c.containers.set(svc.name, names);
  const started = c.opts.noStart ? made : planStarts(c, svc, toStart);
  c.ready.set(svc.name, [...kept, ...started]);
}

/** Networks, volumes and the image first; a container sharing a namespace or volumes waits for its parent to run. */
function createDependencies(c: Converging, svc: DesiredService): number[] {
  const after: Array<number | undefined> = [
    ...svc.networks.map((k) => c.infra.networks.get(k)),
    ...svc.volumes.map((k) => c.infra.volumes.get(k)),
    c.infra.images.get(svc.image),
  ];
  for (const dep of svc.dependsOn) {
    if (dep.sharesNamespace) after.push(...(c.ready.get(dep.service) ?? []));
    if (dep.restart || dep.sharesNamespace) after.push(...(c.made.get(dep.service) ?? []));
  }
  return after.filter((n): n is number => n !== undefined);
}

function planStarts(c: Converging, svc: DesiredService, toStart: Array<{ name: string; after: number }>): number[] {
  if (toStart.length === 0) return [];
  const after = svc.dependsOn.flatMap((d) => [...(c.ready.get(d.service) ?? []), waitFor(c, svc, d)]);
  return toStart.map((s) => c.b.add({ kind: 'container.start', name: s.name, service: svc.name }, [...after, s.after === 0 ? undefined : s.after]));
}

const WAITED: Partial<Record<DesiredDependency['condition'], WaitCondition>> = {
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

/** One wait per dependency service and condition, after all its containers run; none for service_started or a scale of 0. */
function waitFor(c: Converging, dependant: DesiredService, dep: DesiredDependency): number | undefined {
  const condition = WAITED[dep.condition];
  const target = c.desired.services.find((s) => s.name === dep.service);
  if (condition === undefined || target === undefined || target.replicas === 0) return undefined;
  const key = `${dep.service}|${condition}|${dep.required}`;
  const known = c.waits.get(key);
  if (known !== undefined) return known;
  const containers = c.containers.get(dep.service) ?? [];
  const id = c.b.add(
    { kind: 'container.wait', service: dep.service, containers, condition, required: dep.required, dependant: dependant.name },
    c.ready.get(dep.service) ?? [],
  );
  c.waits.set(key, id);
  return id;
}

