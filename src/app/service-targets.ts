/**
 * Which containers a lifecycle command acts on, as docker compose's
 * projectOrName and getContainers decide: the project comes from the compose
 * file when there is one (its declared services, profiles included, so a
 * name it does not know is refused), else from -p and its records alone.
 * The records list the project's containers (docker compose lists the
 * containers labelled with the project); the engine says what each is doing.
 */
import type { ContainerEngine, ContainerInspect } from '../engine/index.js';
import { FileNotFoundError, TscomposeError } from '../errors.js';
import type { ContainerRecord, ProjectRecord } from '../state/records.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';
import type { LoadedProject } from '../compose/types.js';

export class NoSuchServiceError extends TscomposeError {
  constructor(name: string, known: readonly string[]) {
    super('E_NO_SUCH_SERVICE', `no such service: ${name}`, known.length === 0 ? {} : { hint: `the project's services are ${known.join(', ')}` });
  }
}

export interface ServiceTarget {
  name: string;
  /** The loaded compose project; absent when only -p named the project. */
  project?: LoadedProject;
  /** Services the compose file declares (profiles included); undefined without a file. */
  declared?: string[];
}

export function loadTarget(global: GlobalOptions, host: HostContext, warn: (m: string) => void): ServiceTarget {
  try {
    const { project } = loadComposeProject(global, host, { onWarning: warn });
    const declared = [...Object.keys((project.model.services ?? {}) as Record<string, unknown>), ...Object.keys(project.disabledServices)].sort();
    return { name: project.name, project, declared };
  } catch (e) {
    const noFile = e instanceof FileNotFoundError || (e instanceof TscomposeError && e.code === 'E_NO_CONFIG');
    if (noFile && global.projectName !== undefined) return { name: global.projectName };
    throw e;
  }
}

/** docker compose's "no such service" for a name the compose file (or, without one, the records) does not know. */
export function checkServices(t: ServiceTarget, record: ProjectRecord | undefined, named: readonly string[]): void {
  const known = t.declared ?? [...new Set((record?.containers ?? []).map((c) => c.service))].sort();
  if (t.declared === undefined && record === undefined) return;
  const unknown = named.find((s) => !known.includes(s));
  if (unknown !== undefined) throw new NoSuchServiceError(unknown, known);
}

export interface Selection {
  services?: readonly string[];
  /** docker compose's oneOffInclude / oneOffExclude. */
  oneOff: 'include' | 'exclude';
  /** true: every container (docker ps -a); false: running and paused ones only. */
  stopped: boolean;
}

export interface Target {
  record: ContainerRecord;
  inspect: ContainerInspect;
}

/** The recorded containers of a project the engine has, in name order, filtered as `sel` says. */
export async function selectContainers(engine: ContainerEngine, record: ProjectRecord | undefined, sel: Selection): Promise<Target[]> {
  const named = sel.services ?? [];
  const out: Target[] = [];
  for (const rec of record?.containers ?? []) {
    if (named.length > 0 && !named.includes(rec.service)) continue;
    if (sel.oneOff === 'exclude' && rec.oneOff) continue;
    const inspect = await inspectRecorded(engine, rec);
    if (inspect === undefined) continue;
    if (!sel.stopped && !inspect.state.running && !inspect.state.paused) continue;
    out.push({ record: rec, inspect });
  }
  return out.sort((a, b) => (a.record.name < b.record.name ? -1 : a.record.name > b.record.name ? 1 : 0));
}

export async function inspectRecorded(engine: ContainerEngine, rec: ContainerRecord): Promise<ContainerInspect | undefined> {
  const id = (await engine.find(rec.id)) ?? (await engine.find(rec.name));
  if (id === undefined) return undefined;
  return engine.inspect(id).catch(() => undefined);
}

/**
 * docker compose's getSpecifiedContainer: the service's container with the
 * lowest number (or number `index`), running unless `stopped`.
 */
export async function specifiedContainer(engine: ContainerEngine, record: ProjectRecord | undefined, service: string, index: number, stopped = false): Promise<Target> {
  const all = await selectContainers(engine, record, { services: [service], oneOff: 'include', stopped });
  const found = all.filter((t) => index <= 0 || (t.record.number === index && !t.record.oneOff)).sort((a, b) => a.record.number - b.record.number);
  const first = found[0];
  if (first === undefined) {
    throw new TscomposeError('E_NOT_RUNNING', index > 0 ? `service "${service}" is not running container #${index}` : `service "${service}" is not running`);
  }
  return first;
}
