/**
 * Attached `up`, after its start phase: docker compose's attach and log
 * printer. It prints `Attaching to web-1, db-1`, streams every attached
 * container's output (stderr lines to stderr) until the watched containers
 * have all exited, printing `web-1 exited with code N` for each; the first
 * Ctrl-C stops the project gracefully ("Gracefully stopping... (press
 * Ctrl+C again to force)"), the second kills it; with
 * --abort-on-container-exit (or --exit-code-from) the first container to
 * exit stops them all ("Aborting on container exit..."), and the exit code
 * is that container's, or --exit-code-from's service's.
 */
import type { LogLineEvent } from './log-stream.js';
import { followProject, shortName, type FollowOptions } from './follow-logs.js';
import type { ReadDrivers } from './project-containers.js';

export interface AttachPrinter {
  /** `Attaching to ...` (standard output in docker compose). */
  attaching(line: string): void;
  /** The teardown notices (its "stdinfo", standard error). */
  info(line: string): void;
  register(container: string): void;
  line(e: LogLineEvent): void;
  status(container: string, message: string): void;
}

export interface AttachRequest {
  project: string;
  /** Services whose output is printed. */
  attach: readonly string[];
  /** Services up started: their exits count (printed only when attached). */
  watch: readonly string[];
  /** `exit`: any exit stops all; `failure`: a non-zero one does (--abort-on-container-failure). */
  cascade: 'none' | 'exit' | 'failure';
  exitCodeFrom?: string;
  /** Output from this time on (RFC 3339): when up began, so nothing its containers printed is lost. */
  since?: string;
  /**
   * `up --watch`: follow until Ctrl-C even when every container has exited,
   * as docker compose keeps watching; a rebuild's recreation is followed.
   */
  untilInterrupted?: boolean;
  /** Fired by the first Ctrl-C, and by the second. */
  interrupt: { graceful: AbortSignal; force: AbortSignal };
  stop(): Promise<void>;
  kill(): Promise<void>;
  pollMs?: number;
}

export async function attachLogs(d: ReadDrivers, req: AttachRequest, out: AttachPrinter): Promise<number> {
  const watch = [...new Set([...req.watch, ...req.attach])];
  const records = (d.projects.read(req.project)?.containers ?? []).filter((c) => !c.oneOff && watch.includes(c.service)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const attached = records.filter((c) => req.attach.includes(c.service));
  if (records.length === 0) return 0;
  if (attached.length > 0) out.attaching(`Attaching to ${attached.map((c) => shortName(req.project, c.name)).join(', ')}`);
  for (const c of attached) out.register(shortName(req.project, c.name));
  const done = new AbortController();
  let aborting = false;
  let exitCode = 0;
  let exitCodeFrom = req.exitCodeFrom;
  let stopping: Promise<void> | undefined;
  const teardown = (notice: string): void => {
    if (stopping !== undefined) return;
    aborting = true;
    out.info(notice);
    stopping = req.stop().catch(() => undefined);
  };
  const onGraceful = (): void => teardown('Gracefully stopping... (press Ctrl+C again to force)');
  const onForce = (): void => void req.kill().catch(() => undefined);
  req.interrupt.graceful.addEventListener('abort', onGraceful, { once: true });
  req.interrupt.force.addEventListener('abort', onForce, { once: true });
  try {
    const follow: FollowOptions = {
      project: req.project, services: watch, signal: done.signal,
      ...(req.since === undefined ? {} : { since: req.since, exitsAfter: req.since }),
      ...(req.pollMs === undefined ? {} : { pollMs: req.pollMs }),
      // Until the teardown begins; after it, the end is when the last container has stopped.
      ...(req.untilInterrupted === true ? { keepFollowing: () => stopping === undefined } : {}),
    };
    await followProject(d, follow, {
      attach: () => undefined,
      line: (e) => {
        if (!aborting && req.attach.includes(e.service)) out.line(e);
      },
      exit: (container, service, code) => {
        if (!aborting && req.attach.includes(service)) out.status(container, `exited with code ${code}`);
        if (req.cascade === 'none') return;
        if (!aborting && (req.cascade === 'exit' || code !== 0)) teardown('Aborting on container exit...');
        if (!aborting) return;
        // As docker compose: every exit counts, those the teardown caused (143, 137) too.
        exitCodeFrom ??= service;
        if (exitCodeFrom === service) exitCode = code;
      },
    }, records);
    await stopping;
    return exitCode;
  } finally {
    req.interrupt.graceful.removeEventListener('abort', onGraceful);
    req.interrupt.force.removeEventListener('abort', onForce);
  }
}
