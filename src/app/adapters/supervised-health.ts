/**
 * A container's health as the project supervisor sees it (it runs the
 * healthchecks). A container with a healthcheck whose supervisor does not
 * answer yet is `starting`, as docker reports a check that has not run.
 */
import type { ContainerStatus } from '../../exec/ports.js';
import type { ProjectStore } from '../../state/project-store.js';
import { request } from '../../supervisor/client.js';
import { supervisorPaths } from '../../supervisor/protocol.js';

type Health = NonNullable<ContainerStatus['health']>;

export function supervisedHealth(runRoot: string, projects: ProjectStore): (project: string, name: string) => Promise<Health | undefined> {
  return async (project, name) => {
    if (project === '') return undefined;
    const rec = projects.read(project)?.containers.find((c) => c.name === name);
    if (rec?.healthcheck === undefined) return undefined;
    try {
      const report = (await request(supervisorPaths(runRoot, project).socket, 'status', undefined, 2000)) as Array<{ name: string; health?: { Status: Health } }>;
      return report.find((c) => c.name === name)?.health?.Status ?? 'starting';
    } catch {
      return 'starting';
    }
  };
}
