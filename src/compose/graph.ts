/**
 * The service dependency graph: an edge a -> b means "a needs b started
 * first". Edges come from depends_on, links, volumes_from and the
 * `service:x` forms of network_mode, ipc and pid (compose-go adds most of
 * these to depends_on while normalizing; reading them here too keeps the graph
 * right for --no-normalize models). Iteration is in name order everywhere so
 * messages and orders are reproducible.
 */
import { ComposeError } from '../errors.js';
import { isMapping, type Mapping } from './tree.js';

export interface ServiceGraph {
  /** Service name -> names it depends on, sorted. */
  readonly deps: ReadonlyMap<string, readonly string[]>;
}

const SERVICE_PREFIX = 'service:';

/** Names a service depends on, with whether each is required. */
export function serviceDependencies(service: Mapping): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const dependsOn = service.depends_on;
  if (Array.isArray(dependsOn)) {
    for (const d of dependsOn) out.set(String(d), true);
  } else if (isMapping(dependsOn)) {
    for (const [name, cfg] of Object.entries(dependsOn)) {
      out.set(name, !(isMapping(cfg) && cfg.required === false));
    }
  }
  for (const link of asList(service.links)) out.set(link.split(':')[0] ?? link, true);
  for (const from of asList(service.volumes_from)) {
    if (!from.startsWith('container:')) out.set(from.split(':')[0] ?? from, true);
  }
  for (const key of ['network_mode', 'ipc', 'pid'] as const) {
    const v = service[key];
    if (typeof v === 'string' && v.startsWith(SERVICE_PREFIX)) out.set(v.slice(SERVICE_PREFIX.length), true);
  }
  return out;
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/**
 * Builds the graph of the enabled services. A required dependency on a
 * missing or profile-disabled service is an error; an optional one is dropped.
 */
export function buildServiceGraph(services: Mapping, disabled: Mapping = {}): ServiceGraph {
  const deps = new Map<string, string[]>();
  for (const name of Object.keys(services).sort()) {
    const svc = services[name];
    const edges: string[] = [];
    for (const [dep, required] of serviceDependencies(isMapping(svc) ? svc : {})) {
      if (dep in services) edges.push(dep);
      else if (required) throw missingDependency(name, dep, disabled[dep]);
    }
    deps.set(name, [...new Set(edges)].sort());
  }
  return { deps };
}

function missingDependency(name: string, dep: string, disabledService: unknown): ComposeError {
  if (isMapping(disabledService)) {
    const profiles = asList(disabledService.profiles).join(' ');
    return new ComposeError(
      'E_DEPENDENCY_DISABLED',
      `service "${dep}" is required by "${name}" but is disabled. Can be enabled by profiles [${profiles}]`,
      { path: `services.${name}.depends_on` },
      { hint: `enable it with --profile ${asList(disabledService.profiles)[0] ?? ''}`.trimEnd() },
    );
  }
  return new ComposeError(
    'E_DEPENDENCY_UNKNOWN',
    `service "${name}" depends on undefined service "${dep}": invalid compose project`,
    { path: `services.${name}.depends_on` },
  );
}

/** Throws `dependency cycle detected: a -> b -> a` for the first cycle in name order. */
export function checkCycles(graph: ServiceGraph): void {
  // A node from which no cycle is reachable stays so whatever the path: walk it once.
  const cleared = new Set<string>();
  for (const start of graph.deps.keys()) {
    if (cleared.has(start)) continue;
    const cycle = findCycle(graph, [start], cleared);
    if (cycle !== undefined) {
      throw new ComposeError('E_DEPENDENCY_CYCLE', `dependency cycle detected: ${cycle.join(' -> ')}`, {
        path: `services.${cycle[0]}.depends_on`,
      }, { hint: 'remove one of the depends_on, links, volumes_from or service: references in the cycle' });
    }
    cleared.add(start);
  }
}

function findCycle(graph: ServiceGraph, path: string[], cleared: Set<string>): string[] | undefined {
  const last = path[path.length - 1] as string;
  for (const dep of graph.deps.get(last) ?? []) {
    const at = path.indexOf(dep);
    if (at >= 0) return [...path.slice(at), dep];
    if (cleared.has(dep)) continue;
    const found = findCycle(graph, [...path, dep], cleared);
    if (found !== undefined) return found;
    cleared.add(dep);
  }
  return undefined;
}

/**
 * Services grouped in start order: every service comes after all its
 * dependencies; services of one level can start in parallel. Assumes no cycle.
 */
export function startLevels(graph: ServiceGraph): string[][] {
  const level = new Map<string, number>();
  const depth = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const deps = graph.deps.get(name) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depth));
    level.set(name, d);
    return d;
  };
  const levels: string[][] = [];
  for (const name of graph.deps.keys()) (levels[depth(name)] ??= []).push(name);
  return levels.map((l) => l.sort());
}

/** The named services plus everything they depend on, transitively. */
export function withDependencies(graph: ServiceGraph, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  const visit = (n: string): void => {
    if (out.has(n)) return;
    out.add(n);
    for (const d of graph.deps.get(n) ?? []) visit(d);
  };
  names.forEach(visit);
  return out;
}
