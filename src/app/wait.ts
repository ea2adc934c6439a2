/**
 * `wait SERVICE...`, as docker compose 2.26.1's Wait: every running
 * container of the named services (one-offs included) is waited for; each
 * exit is printed as `container "<id>" exited with status code N` and the
 * command exits with the status of the last one to exit. --down-project
 * then takes the project down (orphans included).
 */
import { TscomposeError } from '../errors.js';
import { runDown } from './down.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { prepare } from './service-ops.js';
import { selectContainers } from './service-targets.js';

export interface WaitRequest {
  services: string[];
  downProject: boolean;
}

export async function runWait(global: GlobalOptions, host: HostContext, req: WaitRequest, s: Session, print: (line: string) => void): Promise<number> {
  const p = await prepare(global, host, s, req.services);
  const running = await selectContainers(p.engine, p.record, { services: req.services, oneOff: 'include', stopped: false });
  if (running.length === 0) throw new TscomposeError('E_NO_CONTAINER', `no containers for project "${p.target.name}"`);
  let status = 0;
  const signal = s.cancel?.graceful;
  await Promise.all(running.map(async (t) => {
    const r = await p.engine.wait(t.inspect.id, signal);
    print(`container "${t.inspect.id}" exited with status code ${r.exitCode}`);
    status = r.exitCode;
  }));
  if (req.downProject) {
    await runDown(global, host, { services: [], removeOrphans: true, volumes: false }, s);
  }
  return status;
}
