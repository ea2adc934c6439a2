/**
 * `events`: the project supervisor's event stream (it watches every
 * container, runs the healthchecks and applies restart policies, so it is
 * what sees things happen), with each container named by its engine id as
 * docker compose prints it. Without a supervisor there is nobody to ask.
 */
import { TscomposeError } from '../errors.js';
import { stream } from '../supervisor/client.js';
import { supervisorPaths } from '../supervisor/protocol.js';
import type { ReadDrivers } from './project-containers.js';

export interface ProjectEvent {
  time: string;
  id: string;
  service: string;
  action: string;
  attributes: Record<string, string>;
}

interface Raw {
  time: string;
  container: string;
  service: string;
  action: string;
  attributes?: Record<string, string>;
}

export async function projectEvents(d: ReadDrivers, project: string, services: readonly string[], signal: AbortSignal, onEvent: (e: ProjectEvent) => void): Promise<void> {
  const idOf = (name: string): string => d.projects.read(project)?.containers.find((c) => c.name === name)?.id ?? name;
  try {
    await stream(supervisorPaths(d.roots.run, project).socket, 'events', {}, (item) => {
      const e = item as Raw;
      if (services.length > 0 && !services.includes(e.service)) return;
      onEvent({ time: e.time, id: idOf(e.container), service: e.service, action: e.action, attributes: e.attributes ?? {} });
    }, signal);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      throw new TscomposeError('E_NO_SUPERVISOR', `project "${project}" has no running supervisor to report its events`, { hint: 'tscompose up starts it' });
    }
    throw e;
  }
}
