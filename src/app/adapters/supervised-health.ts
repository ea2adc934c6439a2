/**
 * A container's health as the project supervisor sees it (it runs the
 * healthchecks). A container with a healthcheck whose supervisor does not
 * answer yet is `starting`, as docker reports a check that has not run.
 */
import { statSync } from 'node:fs';
import type { ContainerStatus } from '../../exec/ports.js';
import type { ProjectStore } from '../../state/project-store.js';
import type { ProjectRecord } from '../../state/records.js';
import { request } from '../../supervisor/client.js';
import { supervisorPaths } from '../../supervisor/protocol.js';

type Health = NonNullable<ContainerStatus['health']>;

/**
 * The project's record, read again only when its file changed (records are
 * replaced by rename: a new inode). `ps` asks for each container in turn,
 * and on 50 containers re-reading the 40 KB record each time was 50 parses.
 */
function recordReader(projects: ProjectStore): (project: string) => ProjectRecord | undefined {
  let last: { project: string; key: string; rec: ProjectRecord | undefined } | undefined;
  return (project) => {
    const st = statSync(projects.path(project), { throwIfNoEntry: false });
    const key = st === undefined ? '' : `${st.ino}:${st.size}:${st.mtimeMs}`;
    if (last?.project === project && last.key === key && key !== '') return last.rec;
    const rec = projects.read(project);
    last = { project, key, rec };
    return rec;
  };
}

export function supervisedHealth(runRoot: string, projects: ProjectStore): (project: string, name: string) => Promise<Health | undefined> {
  const recordOf = recordReader(projects);
  return async (project, name) => {
    if (project === '') return undefined;
    const rec = recordOf(project)?.containers.find((c) => c.name === name);
    if (rec?.healthcheck === undefined) return undefined;
    try {
      const report = (await request(supervisorPaths(runRoot, project).socket, 'status', undefined, 2000)) as Array<{ name: string; health?: { Status: Health } }>;
      return report.find((c) => c.name === name)?.health?.Status ?? 'starting';
    } catch {
      return 'starting';
    }
  };
}
