/**
 * `rm`, as docker compose 2.26.1's Remove: with -s the services are
 * stopped first; then the stopped containers of the selected services
 * (one-offs excluded) are listed ("Going to remove a, b"), confirmed unless
 * -f, and removed together with their records; -v also removes their
 * anonymous volumes. Nothing stopped: "No stopped containers".
 */
import { acquireProjectLock } from '../state/lock.js';
import { ProjectRecorder } from '../state/project-store.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { allOf } from '../host/lazy.js';
import { prepare, step } from './service-ops.js';
import { selectContainers } from './service-targets.js';
import { runStop } from './start-stop.js';
import { lockOptions } from './up.js';

export interface RemoveRequest {
  services: string[];
  force: boolean;
  stop: boolean;
  volumes: boolean;
}

export interface RemoveIo {
  /** Prints "Going to remove ..." (with -f) or asks it; false leaves everything as it is. */
  confirm(message: string, force: boolean): Promise<boolean>;
  /** docker compose prints "No stopped containers" on stderr. */
  info(line: string): void;
}

export async function runRemove(global: GlobalOptions, host: HostContext, req: RemoveRequest, s: Session, io: RemoveIo): Promise<void> {
  if (req.stop) await runStop(global, host, { services: req.services }, s);
  const p = await prepare(global, host, s, req.services);
  const declared = p.target.declared;
  const stopped = (await selectContainers(p.engine, p.record, { services: req.services, oneOff: 'exclude', stopped: true }))
    .filter((t) => declared === undefined || declared.includes(t.record.service))
    .filter((t) => (!t.inspect.state.running && !t.inspect.state.paused) || (req.stop && s.dryRun));
  if (stopped.length === 0) return io.info('No stopped containers');
  if (!(await io.confirm(`Going to remove ${stopped.map((t) => t.record.name).join(', ')}`, req.force))) return;
  const lock = s.dryRun ? undefined : await acquireProjectLock(s.drivers.roots.run, p.target.name, lockOptions(s, 'rm'));
  try {
    const recorder = s.dryRun ? undefined : new ProjectRecorder(s.drivers.projects, p.target.name);
    await allOf(stopped.map((t) => step(s, t, { working: 'Removing', done: 'Removed', failed: 'Error while Removing' }, async () => {
      const anonymous = recorder?.container(t.record.name)?.anonymousVolumes ?? [];
      await p.ops.remove(t);
      recorder?.dropContainer(t.record.name);
      if (req.volumes) for (const a of anonymous) await s.drivers.ports.volumes.remove(a.name);
    })));
    recorder?.finish();
  } finally {
    lock?.release();
  }
}
