/**
 * `logs`: the selected services' containers (one-off ones excluded, stopped
 * ones included), as docker compose's Logs: without services and with a
 * compose file, the declared services except those with `attach: false`;
 * `--index` picks one replica. Without follow each container's log is read
 * to its end, in parallel; with follow, follow-logs.ts takes over.
 */
import { TscomposeError } from '../errors.js';
import { followProject, shortName, type FollowSink } from './follow-logs.js';
import { LineReader } from './log-stream.js';
import type { ReadDrivers } from './project-containers.js';
import type { ReadProject } from './read-project.js';

export interface LogsRequest {
  services: readonly string[];
  index: number;
  follow: boolean;
  since?: string;
  until?: string;
  tail?: number;
  signal: AbortSignal;
}

export async function projectLogs(d: ReadDrivers, project: ReadProject, req: LogsRequest, sink: FollowSink): Promise<void> {
  const recorded = (d.projects.read(project.name)?.containers ?? []).filter((c) => !c.oneOff);
  const services = req.services.length > 0
    ? req.services
    : project.services === undefined
      ? [...new Set(recorded.map((c) => c.service))]
      : project.services.filter((s) => !(project.unattached ?? []).includes(s));
  let chosen = recorded.filter((c) => services.includes(c.service));
  if (req.index > 0) {
    chosen = chosen.filter((c) => c.number === req.index);
    if (chosen.length === 0) throw new TscomposeError('E_NO_CONTAINER', `service "${services[0]}" is not running container #${req.index}`);
  }
  if (chosen.length === 0) return;
  const engine = await d.engine();
  const present = [];
  for (const c of chosen) if ((await engine.find(c.id)) !== undefined) present.push(c);
  if (req.follow) {
    await followProject(d, { project: project.name, services, signal: req.signal, waitForStart: true, ...pick(req) }, sink, present);
    return;
  }
  await Promise.all(present.map(async (c) => {
    const reader = new LineReader(engine, c.id, { container: shortName(project.name, c.name), service: c.service }, (e) => sink.line(e));
    await reader.read({ ...pick(req), signal: req.signal });
    reader.flush();
  }));
}

function pick(req: LogsRequest): { since?: string; until?: string; tail?: number } {
  return { ...(req.since === undefined ? {} : { since: req.since }), ...(req.until === undefined ? {} : { until: req.until }), ...(req.tail === undefined ? {} : { tail: req.tail }) };
}
