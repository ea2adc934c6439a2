import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKill, runPause } from '../../../src/app/kill-pause.js';
import { runRemove } from '../../../src/app/remove.js';
import { startWaves, stopWaves, dependencyGraph, withRestartDependents } from '../../../src/app/service-order.js';
import { runRestart, runStart, runStop } from '../../../src/app/start-stop.js';
import { runWait } from '../../../src/app/wait.js';
import { newLab, type Lab } from './lifecycle-support.js';

let lab: Lab;
beforeEach(() => {
  lab = newLab();
});
afterEach(() => lab.cleanup());

async function stack(o: { start?: boolean } = {}): Promise<Record<string, string>> {
  return {
    db: await lab.container('db', o),
    app: await lab.container('app', o),
    web: await lab.container('web', o),
  };
}

describe('service order', () => {
  it('starts dependencies first and stops dependents first, through services that are not selected', () => {
    const g = dependencyGraph(undefined, undefined);
    g.set('db', []).set('app', [{ service: 'db', condition: 'service_started', required: true, restart: true }]).set('web', [{ service: 'app', condition: 'service_started', required: true, restart: false }]);
    expect(startWaves(g, ['web', 'app', 'db'])).toEqual([['db'], ['app'], ['web']]);
    expect(stopWaves(g, ['web', 'app', 'db'])).toEqual([['web'], ['app'], ['db']]);
    expect(startWaves(g, ['web', 'db'])).toEqual([['db'], ['web']]);
    expect(withRestartDependents(g, ['db'])).toEqual(['app', 'db']);
  });
});

describe('start, stop, restart', () => {
  it('stop: dependents first, each with its recorded stop signal and grace period; -t overrides; records say stopped by the user', async () => {
    await stack();
    await runStop(lab.global(), lab.host(), { services: [] }, lab.session());
    expect(lab.engine.calls).toEqual(['stop tsctulapp-web-1 SIGTERM 10', 'stop tsctulapp-app-1 SIGTERM 10', 'stop tsctulapp-db-1 SIGINT 3']);
    expect(lab.events).toEqual([
      'Container tsctulapp-web-1 Stopping', 'Container tsctulapp-web-1 Stopped',
      'Container tsctulapp-app-1 Stopping', 'Container tsctulapp-app-1 Stopped',
      'Container tsctulapp-db-1 Stopping', 'Container tsctulapp-db-1 Stopped',
    ]);
    expect(lab.record()?.containers.every((c) => c.stoppedByUser)).toBe(true);
    lab.engine.calls.length = 0;
    await runStart(lab.global(), lab.host(), [], lab.session());
    expect(lab.engine.calls).toEqual(['start tsctulapp-db-1', 'start tsctulapp-app-1', 'start tsctulapp-web-1']);
    expect(lab.record()?.containers.some((c) => c.stoppedByUser)).toBe(false);
    lab.engine.calls.length = 0;
    await runStop(lab.global(), lab.host(), { services: ['db'], timeoutSeconds: 0 }, lab.session());
    expect(lab.engine.calls).toEqual(['stop tsctulapp-db-1 SIGINT 0']);
  });

  it('start SERVICE starts its dependencies first and leaves running containers alone', async () => {
    const ids = await stack({ start: false });
    await lab.engine.start(ids.db as string);
    lab.engine.calls.length = 0;
    await runStart(lab.global(), lab.host(), ['app'], lab.session());
    expect(lab.engine.calls).toEqual(['start tsctulapp-app-1']);
    expect(lab.events).toEqual(['Container tsctulapp-app-1 Starting', 'Container tsctulapp-app-1 Started']);
  });

  it('start: a declared service without a container is docker compose`s error; an unknown one lists the known ones', async () => {
    await lab.container('db');
    await expect(runStart(lab.global(), lab.host(), ['app'], lab.session())).rejects.toThrow('service "app" has no container to start');
    const e = await runStart(lab.global(), lab.host(), ['nope'], lab.session()).catch((x: unknown) => x as { message: string; hint: string; exitCode: number });
    expect(e).toMatchObject({ message: 'no such service: nope', hint: "the project's services are app, db, tool, web", exitCode: 1 });
  });

  it('restart: the service and those depending on it with restart: true, in dependency order; --no-deps only the service', async () => {
    await stack();
    await runRestart(lab.global(), lab.host(), { services: ['db'], noDeps: false }, lab.session());
    expect(lab.engine.calls).toEqual(['stop tsctulapp-db-1 SIGINT 3', 'start tsctulapp-db-1', 'stop tsctulapp-app-1 SIGTERM 10', 'start tsctulapp-app-1']);
    expect(lab.events).toEqual(['Container tsctulapp-db-1 Restarting', 'Container tsctulapp-db-1 Started', 'Container tsctulapp-app-1 Restarting', 'Container tsctulapp-app-1 Started']);
    lab.engine.calls.length = 0;
    await runRestart(lab.global(), lab.host(), { services: ['db'], noDeps: true, timeoutSeconds: 1 }, lab.session());
    expect(lab.engine.calls).toEqual(['stop tsctulapp-db-1 SIGINT 1', 'start tsctulapp-db-1']);
  });

  it('with -p alone (no compose file) the records name the services and their order', async () => {
    await stack();
    const host = { ...lab.host(), cwd: '/tmp' };
    await runStop({ ...lab.global(), projectName: 'tsctulapp' }, host, { services: [] }, lab.session());
    expect(lab.engine.calls).toEqual(['stop tsctulapp-web-1 SIGTERM 10', 'stop tsctulapp-app-1 SIGTERM 10', 'stop tsctulapp-db-1 SIGINT 3']);
  });

  it('goes through exec`s container port once it is wired', async () => {
    await stack();
    await runStop(lab.global(), lab.host(), { services: ['web'] }, lab.session({ wiredPort: true }));
    expect(lab.ports.containers.calls).toEqual(['stop tsctulapp-web-1']);
    expect(lab.engine.calls).toEqual([]);
  });

  it('a dry run reports the events and changes nothing', async () => {
    await stack();
    await runStop(lab.global(), lab.host(), { services: [] }, lab.session({ dryRun: true }));
    expect(lab.engine.calls).toEqual([]);
    expect(lab.events).toHaveLength(6);
    expect(lab.record()?.containers.some((c) => c.stoppedByUser)).toBe(false);
  });
});

describe('kill, pause, unpause', () => {
  it('kill -s sends the signal to running containers, one-offs included; nothing running says so', async () => {
    await stack();
    await lab.container('web', { oneOff: true, number: 7 });
    await runKill(lab.global(), lab.host(), { services: ['web'], signal: 'SIGUSR1', removeOrphans: false }, lab.session());
    expect(lab.engine.calls.sort()).toEqual(['kill tsctulapp-web-1 SIGUSR1', 'kill tsctulapp-web-run-7 SIGUSR1']);
    expect(lab.events).toContain('Container tsctulapp-web-1 Killed');
    await lab.engine.stop('tsctulapp-web-1');
    await lab.engine.stop('tsctulapp-web-run-7');
    expect(await runKill(lab.global(), lab.host(), { services: ['web'], signal: 'SIGKILL', removeOrphans: false }, lab.session())).toEqual({ none: true });
  });

  it('pause freezes running containers and unpause thaws them', async () => {
    await stack();
    await runPause(lab.global(), lab.host(), ['db'], lab.session(), true);
    expect((await lab.engine.inspect('tsctulapp-db-1')).state.status).toBe('paused');
    expect(lab.events).toEqual(['Container tsctulapp-db-1 Paused']);
    await runPause(lab.global(), lab.host(), [], lab.session(), false);
    expect((await lab.engine.inspect('tsctulapp-db-1')).state.status).toBe('running');
    expect(lab.events.at(-1)).toBe('Container tsctulapp-db-1 Unpaused');
    expect(lab.events).toHaveLength(2);
  });
});

describe('rm', () => {
  const io = (answer: boolean) => {
    const said: string[] = [];
    return { said, io: { info: (l: string) => said.push(l), confirm: async (m: string) => (said.push(m), answer) } };
  };

  it('lists the stopped containers, asks, removes them and their records; -v their anonymous volumes', async () => {
    await lab.container('db', { start: false, anonymous: ['tsctul-anon-1'] });
    await lab.container('web');
    await lab.ports.volumes.create({ name: 'tsctul-anon-1' } as never);
    const no = io(false);
    await runRemove(lab.global(), lab.host(), { services: [], force: false, stop: false, volumes: true }, lab.session(), no.io);
    expect(no.said).toEqual(['Going to remove tsctulapp-db-1']);
    expect(lab.engine.calls).toEqual([]);
    const yes = io(true);
    await runRemove(lab.global(), lab.host(), { services: [], force: false, stop: false, volumes: true }, lab.session(), yes.io);
    expect(lab.engine.calls).toEqual(['remove tsctulapp-db-1 --force']);
    expect(lab.events).toEqual(['Container tsctulapp-db-1 Removing', 'Container tsctulapp-db-1 Removed']);
    expect(lab.record()?.containers.map((c) => c.name)).toEqual(['tsctulapp-web-1']);
    expect(await lab.ports.volumes.inspect('tsctul-anon-1')).toBeUndefined();
  });

  it('nothing stopped: "No stopped containers"; -s stops first', async () => {
    await lab.container('web');
    const first = io(true);
    await runRemove(lab.global(), lab.host(), { services: [], force: true, stop: false, volumes: false }, lab.session(), first.io);
    expect(first.said).toEqual(['No stopped containers']);
    const second = io(true);
    await runRemove(lab.global(), lab.host(), { services: ['web'], force: true, stop: true, volumes: false }, lab.session(), second.io);
    expect(lab.engine.calls).toEqual(['stop tsctulapp-web-1 SIGTERM 10', 'remove tsctulapp-web-1 --force']);
    expect(lab.record()).toBeUndefined();
  });
});

describe('wait', () => {
  it('prints each exit and returns the last status; no running container is an error', async () => {
    const ids = await stack();
    const lines: string[] = [];
    const waiting = runWait(lab.global(), lab.host(), { services: ['db', 'web'], downProject: false }, lab.session(), (l) => lines.push(l));
    await new Promise((r) => setTimeout(r, 5));
    lab.engine.exit(ids.db as string, 0);
    lab.engine.exit(ids.web as string, 3);
    expect(await waiting).toBe(3);
    expect(lines).toEqual([`container "${ids.db}" exited with status code 0`, `container "${ids.web}" exited with status code 3`]);
    await expect(runWait(lab.global(), lab.host(), { services: ['db'], downProject: false }, lab.session(), () => undefined)).rejects.toThrow('no containers for project "tsctulapp"');
  });
});
