/**
 * dockerd remembers that a user stopped a container (HasBeenManuallyStopped)
 * so that its restart policy leaves it down; tscompose keeps the same fact
 * in the record's `stoppedByUser` and tells the project supervisor before
 * the container goes down, so it does not start it again behind the user's
 * back. `start` and `restart` clear it.
 */
import { ProjectRecorder, type ProjectStore } from '../state/project-store.js';
import { request } from '../supervisor/client.js';
import { supervisorPaths } from '../supervisor/protocol.js';

export async function markStopped(projects: ProjectStore, runRoot: string, project: string, names: readonly string[], stopped: boolean): Promise<void> {
  if (names.length === 0 || projects.read(project) === undefined) return;
  const recorder = new ProjectRecorder(projects, project);
  let changed = false;
  for (const name of names) {
    const current = recorder.container(name);
    if (current === undefined || current.stoppedByUser === stopped) continue;
    recorder.putContainer({ ...current, stoppedByUser: stopped });
    changed = true;
  }
  if (changed) await reloadSupervisor(runRoot, project);
}

/** No supervisor answering is fine: the next one reads the records as they are now. */
export async function reloadSupervisor(runRoot: string, project: string): Promise<void> {
  await request(supervisorPaths(runRoot, project).socket, 'reload', undefined, 2000).catch(() => undefined);
}
