/**
 * Reads and writes the project records under lib/projects/ (layout in
 * records.ts). Writes replace the whole file atomically; the recorder keeps
 * one project's record in memory while a command changes it and writes it
 * after every change, in order, so a crash loses at most the change that
 * was in flight.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../host/atomic-file.js';
import { CorruptRecordError, RecordVersionError } from './errors.js';
import { emptyProject, RECORD_VERSION, type ContainerRecord, type ProjectRecord, type ResourceRecord } from './records.js';

const FILE = 'project.json';

export class ProjectStore {
  /** `root` is lib/projects (stateRoots(env).lib + '/projects'). */
  constructor(readonly root: string) {}

  path(project: string): string {
    return join(this.root, project, FILE);
  }

  read(project: string): ProjectRecord | undefined {
    const path = this.path(project);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return parseRecord(path, text);
  }

  /** Every project with a record, by name. */
  list(): ProjectRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names.sort().flatMap((n) => this.read(n) ?? []);
  }

  write(record: ProjectRecord): void {
    writeJsonAtomic(this.path(record.name), record);
  }

  remove(project: string): void {
    rmSync(join(this.root, project), { recursive: true, force: true });
  }
}

function parseRecord(path: string, text: string): ProjectRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CorruptRecordError(path, `not JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null) throw new CorruptRecordError(path, 'not a JSON object');
  const rec = value as Partial<ProjectRecord>;
  if (rec.version !== RECORD_VERSION) throw new RecordVersionError(path, rec.version);
  for (const key of ['containers', 'networks', 'volumes', 'configFiles'] as const) {
    if (!Array.isArray(rec[key])) throw new CorruptRecordError(path, `"${key}" is not a list`);
  }
  if (typeof rec.name !== 'string') throw new CorruptRecordError(path, '"name" is not a string');
  return rec as ProjectRecord;
}

/** One project's record while a command changes it; every change is written before the next one starts. */
export class ProjectRecorder {
  private record: ProjectRecord;

  constructor(
    private readonly store: ProjectStore,
    project: string,
    private readonly now: () => Date = () => new Date(),
    meta: { workingDir?: string; configFiles?: string[] } = {},
  ) {
    this.record = store.read(project) ?? emptyProject(project, now(), meta.workingDir, meta.configFiles);
    if (meta.workingDir !== undefined) this.record.workingDir = meta.workingDir;
    if (meta.configFiles !== undefined) this.record.configFiles = [...meta.configFiles];
  }

  get current(): ProjectRecord {
    return this.record;
  }

  container(name: string): ContainerRecord | undefined {
    return this.record.containers.find((c) => c.name === name);
  }

  putContainer(c: ContainerRecord): void {
    this.change(putting(c));
  }

  dropContainer(name: string): void {
    this.change(dropping(name));
  }

  /**
   * As putContainer, written together with the other changes asked for in
   * the same turn of the event loop: on disk once the promise settles. Fifty
   * stops marking their containers cost one write of the record, not fifty.
   */
  putContainerSoon(c: ContainerRecord): Promise<void> {
    return this.changeSoon(putting(c));
  }

  /** As dropContainer, batched as putContainerSoon. */
  dropContainerSoon(name: string): Promise<void> {
    return this.changeSoon(dropping(name));
  }

  putNetwork(n: ResourceRecord): void {
    this.change((r) => ({ ...r, networks: [...r.networks.filter((x) => x.name !== n.name), n].sort(byName) }));
  }

  dropNetwork(name: string): void {
    this.change((r) => ({ ...r, networks: r.networks.filter((x) => x.name !== name) }));
  }

  putVolume(v: ResourceRecord): void {
    this.change((r) => ({ ...r, volumes: [...r.volumes.filter((x) => x.name !== v.name), v].sort(byName) }));
  }

  dropVolume(name: string): void {
    this.change((r) => ({ ...r, volumes: r.volumes.filter((x) => x.name !== name) }));
  }

  /** After down: a project with nothing left has no record at all, so `ls -a` forgets it. */
  finish(): void {
    this.flushPending();
    const r = this.record;
    if (r.containers.length === 0 && r.networks.length === 0 && r.volumes.length === 0) this.store.remove(r.name);
  }

  private change(fn: Change): void {
    // Changes still waiting for their batch come first: the order on disk is the order asked.
    const waiting = this.takePending();
    this.record = { ...[...waiting.map((w) => w.fn), fn].reduce((r, f) => f(r), this.record), updatedAt: this.now().toISOString() };
    this.settle(waiting, () => this.store.write(this.record));
  }

  private changeSoon(fn: Change): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ fn, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flushPending());
    });
  }

  private flushPending(): void {
    const batch = this.takePending();
    if (batch.length === 0) return;
    this.record = { ...batch.reduce((r, w) => w.fn(r), this.record), updatedAt: this.now().toISOString() };
    // Each caller hears of a failed write through its promise.
    this.settle(batch, () => this.store.write(this.record), false);
  }

  private takePending(): Pending[] {
    return this.pending.splice(0, this.pending.length);
  }

  private settle(batch: Pending[], write: () => void, rethrow = true): void {
    try {
      write();
    } catch (e) {
      for (const w of batch) w.reject(e);
      if (rethrow) throw e;
      return;
    }
    for (const w of batch) w.resolve();
  }

  private readonly pending: Pending[] = [];
}

type Change = (r: ProjectRecord) => ProjectRecord;

interface Pending {
  fn: Change;
  resolve(): void;
  reject(e: unknown): void;
}

function putting(c: ContainerRecord): Change {
  return (r) => ({ ...r, containers: [...r.containers.filter((x) => x.name !== c.name), c].sort(byName) });
}

function dropping(name: string): Change {
  return (r) => ({ ...r, containers: r.containers.filter((x) => x.name !== name) });
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
