/**
 * The order docker compose's InDependencyOrder and InReverseDependencyOrder
 * visit services in, as waves: a service starts only after the services it
 * depends on, and stops only after the services depending on it. The
 * dependencies come from the compose file when there is one, else from what
 * the records say each container depended on when it was created.
 */
import { isMapping } from '../compose/tree.js';
import type { LoadedProject } from '../compose/types.js';
import type { DependencyRecord, ProjectRecord } from '../state/records.js';

export type DependencyGraph = Map<string, DependencyRecord[]>;

export function dependencyGraph(project: LoadedProject | undefined, record: ProjectRecord | undefined): DependencyGraph {
  const graph: DependencyGraph = new Map();
  const services = project !== undefined && isMapping(project.model.services) ? project.model.services : undefined;
  if (services !== undefined) {
    for (const [name, svc] of Object.entries(services)) {
      const deps = isMapping(svc) && isMapping(svc.depends_on) ? svc.depends_on : {};
      graph.set(name, Object.entries(deps).map(([service, d]) => {
        const dep = isMapping(d) ? d : {};
        return { service, condition: typeof dep.condition === 'string' ? dep.condition : 'service_started', required: dep.required !== false, restart: dep.restart === true };
      }));
    }
  }
  for (const c of record?.containers ?? []) {
    if (c.oneOff || graph.has(c.service)) continue;
    graph.set(c.service, c.dependsOn);
  }
  return graph;
}

/** Waves of `services` (each sorted) in dependency order: dependencies first. */
export function startWaves(graph: DependencyGraph, services: readonly string[]): string[][] {
  return only(waves([...new Set([...graph.keys(), ...services])], (s) => (graph.get(s) ?? []).map((d) => d.service)), services);
}

/** Waves in reverse dependency order: dependents first. */
export function stopWaves(graph: DependencyGraph, services: readonly string[]): string[][] {
  const dependents = (s: string): string[] => [...graph].filter(([, deps]) => deps.some((d) => d.service === s)).map(([name]) => name);
  return only(waves([...new Set([...graph.keys(), ...services])], dependents), services);
}

/** The whole graph is walked so that order holds through services that are not selected. */
function only(all: string[][], services: readonly string[]): string[][] {
  return all.map((w) => w.filter((s) => services.includes(s))).filter((w) => w.length > 0);
}

function waves(services: readonly string[], before: (s: string) => string[]): string[][] {
  const wanted = new Set(services);
  const done = new Set<string>();
  const out: string[][] = [];
  while (done.size < wanted.size) {
    const ready = [...wanted].filter((s) => !done.has(s) && before(s).every((b) => b === s || done.has(b) || !wanted.has(b)));
    // up refuses cycles; should records hold one anyway, do the rest together rather than hang.
    const wave = ready.length > 0 ? ready : [...wanted].filter((s) => !done.has(s));
    for (const s of wave) done.add(s);
    out.push(wave.sort());
  }
  return out;
}

/** `services` and, transitively, the services depending on them through `restart: true` (docker compose's restart). */
export function withRestartDependents(graph: DependencyGraph, services: readonly string[]): string[] {
  const out = new Set(services);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, deps] of graph) {
      if (!out.has(name) && deps.some((d) => d.restart && out.has(d.service))) {
        out.add(name);
        grew = true;
      }
    }
  }
  return [...out].sort();
}
