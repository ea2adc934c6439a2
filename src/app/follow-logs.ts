/**
 * Following a project's containers as docker compose's log printer does for
 * `logs -f` and attached `up`: each container's log is followed; when its
 * process exits the rest of its log is printed, then `exited with code N`;
 * a container its restart policy brings back is followed again; new
 * containers of the watched services (a recreation, a scale-up) are picked
 * up from the records. It ends when no followed container is left running,
 * or when the caller aborts.
 */
import type { ContainerEngine } from '../engine/index.js';
import type { ContainerRecord } from '../state/records.js';
import { LineReader, type LogLineEvent } from './log-stream.js';
import type { ReadDrivers } from './project-containers.js';
import { pauseUnlessAborted } from '../host/lazy.js';

export interface FollowSink {
  /** A container is followed from now on (the printer registers its prefix). */
  attach(container: string, service: string): void;
  line(e: LogLineEvent): void;
  exit(container: string, service: string, exitCode: number): void;
}

export interface FollowOptions {
  project: string;
  /** The services whose containers are followed. */
  services: readonly string[];
  /** Entries from this time on (RFC 3339); the whole log when absent. */
  since?: string;
  until?: string;
  tail?: number;
  signal: AbortSignal;
  /** How often the records are read for new containers and restarts, in ms. */
  pollMs?: number;
  /**
   * A container that had already stopped by then is only printed; one that
   * exited after it (attached up: a job that ended while the others were
   * still starting) is reported as an exit too.
   */
  exitsAfter?: string;
  /** With nothing running at first, wait for a container to start instead of ending. */
  waitForStart?: boolean;
  /**
   * While it answers true, go on polling for containers when none runs:
   * `up --watch`, where a rebuild stops a container before its replacement
   * exists, so "none running" is not the end.
   */
  keepFollowing?: () => boolean;
}

export function shortName(project: string, name: string): string {
  return name.startsWith(`${project}-`) ? name.slice(project.length + 1) : name;
}

/** Whether the policy brings the container back after this exit (the supervisor applies it). */
export function willRestart(rec: ContainerRecord, exitCode: number): boolean {
  const p = rec.restart.name;
  return !rec.stoppedByUser && (p === 'always' || p === 'unless-stopped' || (p === 'on-failure' && exitCode !== 0));
}


export async function followProject(d: ReadDrivers, opts: FollowOptions, sink: FollowSink, initial?: readonly ContainerRecord[]): Promise<void> {
  const engine = await d.engine();
  const followed = new Map<string, Promise<void>>();
  const running = new Set<string>();
  const pollMs = opts.pollMs ?? 500;
  const start = (rec: ContainerRecord, since: string | undefined): void => {
    running.add(rec.id);
    followed.set(rec.id, followOne(engine, rec, { ...opts, ...(since === undefined ? {} : { since }) }, sink).finally(() => running.delete(rec.id)));
  };
  const recorded = (): ContainerRecord[] => (d.projects.read(opts.project)?.containers ?? []).filter((c) => !c.oneOff && opts.services.includes(c.service));
  for (const rec of initial ?? recorded()) {
    const st = await engine.inspect(rec.id).then((i) => i.state, () => undefined);
    if (st === undefined) continue;
    if (st.running || st.paused) start(rec, opts.since);
    else if (opts.exitsAfter !== undefined && st.finishedAt !== '' && Date.parse(st.finishedAt) >= Date.parse(opts.exitsAfter)) {
      sink.attach(shortName(opts.project, rec.name), rec.service);
      await printStopped(engine, rec, opts, sink);
      sink.exit(shortName(opts.project, rec.name), rec.service, st.exitCode);
    } else await printStopped(engine, rec, opts, sink);
  }
  const seen = new Set((initial ?? []).map((r) => r.id));
  // docker compose's printer waits for a first container to start when none runs (logs -f on a stopped project).
  const more = (): boolean => running.size > 0 || (opts.waitForStart === true && followed.size === 0) || opts.keepFollowing?.() === true;
  while (!opts.signal.aborted && more()) {
    await pauseUnlessAborted(pollMs, opts.signal);
    for (const rec of recorded()) {
      if (running.has(rec.id)) continue;
      const st = await engine.inspect(rec.id).then((i) => i.state, () => undefined);
      if (st === undefined || !(st.running || st.paused)) continue;
      // Started again (`start`), or new (a recreation, a scale-up): everything of its current run.
      start(rec, seen.has(rec.id) && st.startedAt !== '' ? st.startedAt : undefined);
      seen.add(rec.id);
    }
  }
  await Promise.all(followed.values());
}

/** A container that had stopped before: its log, and no exit line (docker compose tracks running ones only). */
async function printStopped(engine: ContainerEngine, rec: ContainerRecord, opts: FollowOptions, sink: FollowSink): Promise<void> {
  const reader = new LineReader(engine, rec.id, { container: shortName(opts.project, rec.name), service: rec.service }, (e) => sink.line(e));
  const o = { ...(opts.since === undefined ? {} : { since: opts.since }), ...(opts.until === undefined ? {} : { until: opts.until }), ...(opts.tail === undefined ? {} : { tail: opts.tail }) };
  await reader.read({ ...o, follow: false }).catch(() => undefined);
  reader.flush();
}

/** One container until it exits for good (or is removed, or the caller aborts). */
async function followOne(engine: ContainerEngine, rec: ContainerRecord, opts: FollowOptions, sink: FollowSink): Promise<void> {
  const name = shortName(opts.project, rec.name);
  sink.attach(name, rec.service);
  const reader = new LineReader(engine, rec.id, { container: name, service: rec.service }, (e) => sink.line(e));
  const base = { ...(opts.since === undefined ? {} : { since: opts.since }), ...(opts.until === undefined ? {} : { until: opts.until }), ...(opts.tail === undefined ? {} : { tail: opts.tail }) };
  let read = base;
  for (;;) {
    const stop = new AbortController();
    const abort = (): void => stop.abort();
    opts.signal.addEventListener('abort', abort, { once: true });
    const reading = reader.read({ ...read, follow: true, signal: stop.signal }).catch(() => undefined);
    const exit = await waitOrAbort(engine, rec.id, opts.signal);
    stop.abort();
    opts.signal.removeEventListener('abort', abort);
    await reading;
    if (exit === undefined) return;
    // From here on the cursor says where to go on; --tail only chose the first lines.
    const { tail: _tail, ...rest } = base;
    read = rest;
    // The follower stopped where it was: what the process printed last is read now.
    await reader.read({ ...read, follow: false }).catch(() => undefined);
    reader.flush();
    sink.exit(name, rec.service, exit.exitCode);
    if (opts.signal.aborted || !willRestart(rec, exit.exitCode)) return;
    if (!(await restarted(engine, rec.id, opts.signal, opts.pollMs ?? 200))) return;
  }
}

/** The exit, or undefined when the caller aborts first or the container is gone. */
function waitOrAbort(engine: ContainerEngine, id: string, signal: AbortSignal): Promise<{ exitCode: number } | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    engine.wait(id, signal).then((r) => resolve(r), () => resolve(undefined)).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Waits for the supervisor to start the container again; false when it is removed or the caller aborts. */
async function restarted(engine: ContainerEngine, id: string, signal: AbortSignal, pollMs: number): Promise<boolean> {
  while (!signal.aborted) {
    const st = await engine.inspect(id).then((i) => i.state, () => undefined);
    if (st === undefined) return false;
    if (st.running) return true;
    await pauseUnlessAborted(pollMs, signal);
  }
  return false;
}
