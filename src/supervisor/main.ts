/**
 * The project supervisor's process: `tscompose-supervisor PROJECT`, started
 * detached by the CLI (client.ts). It loads the project's records, watches
 * its containers (monitor.ts), serves its socket (server.ts) and writes its
 * pid file; `stop` on the socket, SIGTERM or SIGINT end it, removing both.
 * Containers keep running whatever happens to it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { stateRoots } from '../host/state-root.js';
import { ProjectStore } from '../state/project-store.js';
import { realClock } from './clock.js';
import { ProjectMonitor } from './monitor.js';
import { supervisorPaths } from './protocol.js';
import { startServer } from './server.js';
import { isRunning } from './client.js';
import { startProjectDns, type ProjectDns } from './dns.js';
import { supervisorDrivers } from './wiring.js';
import { hostCalls } from '../host/syscalls.js';
import { pageOutWhenQuiet } from './page-out.js';

async function main(project: string | undefined): Promise<void> {
  if (project === undefined || project === '') {
    process.stderr.write('usage: tscompose-supervisor PROJECT\n');
    process.exit(2);
  }
  const env = process.env;
  const roots = stateRoots(env);
  const paths = supervisorPaths(roots.run, project);
  // Another one already serves the project (two CLIs raced to start one): taking its socket would orphan it.
  if (await isRunning(roots.run, project)) {
    process.stdout.write(`tscompose-supervisor: project ${project} already has a supervisor; pid ${process.pid} exits\n`);
    return;
  }
  const store = new ProjectStore(join(roots.lib, 'projects'));
  const drivers = supervisorDrivers(env);
  const ports = drivers.ports;
  const monitor = new ProjectMonitor(ports, realClock);
  monitor.onEvent((e) => process.stdout.write(`${JSON.stringify(e)}\n`));
  await monitor.load(store.read(project)?.containers ?? [], true);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  // Without DNS the containers still run (by address); the log says why names do not resolve.
  const dns: ProjectDns | undefined = await startProjectDns(await drivers.network(), project, log).catch((e: unknown) => {
    log(`dns: not started: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  });
  const calls = hostCalls(env);
  const pageOut = calls === undefined ? undefined : pageOutWhenQuiet(realClock, () => calls.releaseFilePagesAsync(), log);
  let stopping: Promise<void> | undefined;
  const quiesce = (): Promise<void> => {
    stopping ??= (async () => {
      pageOut?.cancel();
      const restarts = monitor.stop();
      server.close();
      rmSync(paths.socket, { force: true });
      rmSync(paths.pid, { force: true });
      await restarts;
    })();
    return stopping;
  };
  const stop = (): void => void quiesce().then(() => dns?.close()).finally(() => process.exit(0));
  const server = await startServer({ project, socketPath: paths.socket, monitor, store, ports, version: packageJson.version, onStop: quiesce, onStopped: stop, onLoaded: () => pageOut?.touch() });
  writeFileSync(paths.pid, JSON.stringify({ version: 1, pid: process.pid }));
  // Again, now that it listens: a CLI that found it not answering yet wrote records since the first load and went on without a reload.
  await monitor.load(store.read(project)?.containers ?? []);
  pageOut?.touch();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`tscompose-supervisor ${packageJson.version}: project ${project}, pid ${process.pid}, socket ${paths.socket}\n`);
}

void main(process.argv[2]).catch((e: unknown) => {
  process.stderr.write(`tscompose-supervisor: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
