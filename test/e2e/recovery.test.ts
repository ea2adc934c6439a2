/**
 * Crash recovery through the CLI on the real kernel: `up` killed with
 * SIGKILL at several points (the network made, a container being created,
 * the first container started) and then `down` or the next `up` finishing
 * the job; the supervisor killed (containers keep running, the next command
 * starts it again and restarts and health checks resume); `down` twice; a
 * second `up` on a project another `up` holds. Projects and the state root
 * are named `tsctur…`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { containerPid, e2eState, engineContainers, footprint, IMAGE, killGroup, networkRecords, remaining, union, type Footprint } from './support/project.js';

const isRoot = process.getuid?.() === 0;
const e = e2eState('tsctur');

const slowDependency = `services:
  db:
    image: ${IMAGE}
    pull_policy: never
    command: [sleep, '1000']
    stop_grace_period: 1s
    healthcheck:
      test: [CMD-SHELL, 'test -f /tmp/ready']
      interval: 1s
  app:
    image: ${IMAGE}
    pull_policy: never
    command: [sleep, '1000']
    depends_on:
      db: {condition: service_healthy}
`;

const threeReplicas = `services:
  web:
    image: ${IMAGE}
    pull_policy: never
    command: [sleep, '1000']
    stop_grace_period: 1s
    scale: 3
`;

const supervised = `services:
  web:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'touch /tmp/ok; exec sleep 1000']
    restart: always
    stop_grace_period: 1s
    healthcheck:
      test: [CMD-SHELL, 'test -f /tmp/ok']
      interval: 1s
`;

const readyAfterAWhile = `services:
  db:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'sleep 3; touch /tmp/ready; exec sleep 1000']
    stop_grace_period: 1s
    healthcheck:
      test: [CMD-SHELL, 'test -f /tmp/ready']
      interval: 1s
  app:
    image: ${IMAGE}
    pull_policy: never
    command: [sleep, '1000']
    depends_on:
      db: {condition: service_healthy}
`;

function supervisorPid(dir: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(join(e.state, 'run', 'projects', projectName(dir), 'supervisor.pid'), 'utf8')) as { pid: number }).pid;
    return existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function webState(dir: string): Promise<{ id: string; pid: number | undefined; restarts: number; health: string }> {
  const c = engineContainers(e.state).find((x) => x.name.endsWith('-web-1'));
  if (c === undefined) throw new Error('no web container');
  const ps = JSON.parse((await e.ok(dir, 'ps', '--format', 'json')).split('\n')[0] || '{}') as { Health?: string };
  return { id: c.id, pid: containerPid(e.state, c.id), restarts: c.restartCount, health: ps.Health ?? '' };
}

function projectName(dir: string): string {
  return (dir.split('/').pop() as string).toLowerCase();
}

/** The down after a crash: it succeeds and nothing of the project is left. */
async function downLeavesNothing(dir: string, seen: Footprint): Promise<void> {
  const after = union(seen, footprint(e.state));
  await e.ok(dir, 'down', '-t', '0');
  expect(remaining(e.state, after)).toEqual({});
  expect((await e.ok(dir, 'ps', '-a', '-q')).trim()).toBe('');
}

describe.skipIf(!isRoot)('crash recovery', () => {
  beforeAll(() => e.importBusybox(), 120_000);
  afterEach(() => e.cleanup());
  afterAll(() => e.remove());

  it('up killed right after it made the network: down removes the bridge, its rules and the records', async () => {
    const dir = e.project(slowDependency);
    const up = e.spawnCli(dir, 'up', '-d');
    // Polled fast: the window between the network and the first container is short.
    await eventually(() => networkRecords(e.state).length > 0, 60_000, 5);
    await killGroup(up);
    const seen = footprint(e.state);
    expect(seen.bridges.length).toBe(1);
    await downLeavesNothing(dir, seen);
  });

  it('up killed after its first container started (waiting for it to be healthy): down removes containers, monitors, namespaces, veths, rules and the supervisor', async () => {
    const dir = e.project(slowDependency);
    const up = e.spawnCli(dir, 'up', '-d');
    await eventually(() => engineContainers(e.state).some((c) => c.name.endsWith('-db-1') && containerPid(e.state, c.id) !== undefined), 60_000, 50);
    await killGroup(up);
    const seen = footprint(e.state);
    expect(seen.veths.length).toBeGreaterThan(0);
    expect(up.output()).not.toContain('app-1  Started');
    await downLeavesNothing(dir, seen);
  });

  it('up killed while it creates containers: the next up removes the half-made ones and brings all three up, then down leaves nothing', async () => {
    const dir = e.project(threeReplicas);
    const up = e.spawnCli(dir, 'up', '-d');
    await eventually(() => existsSync(join(e.state, 'run', 'netns')) && readdirSync(join(e.state, 'run', 'netns')).length > 0, 60_000, 5);
    await killGroup(up);
    const seen = footprint(e.state);
    await e.ok(dir, 'up', '-d');
    const running = engineContainers(e.state).filter((c) => containerPid(e.state, c.id) !== undefined).map((c) => c.name).sort();
    const p = projectName(dir);
    expect(running).toEqual([`${p}-web-1`, `${p}-web-2`, `${p}-web-3`]);
    expect(engineContainers(e.state)).toHaveLength(3);
    expect(readdirSync(join(e.state, 'run', 'netns')).filter((f) => !f.endsWith('.json'))).toHaveLength(3);
    await downLeavesNothing(dir, seen);
  });

  it('down twice: the second finds nothing, says nothing (as docker compose 2.26.1) and succeeds', async () => {
    const dir = e.project(threeReplicas);
    await e.ok(dir, 'up', '-d');
    const seen = footprint(e.state);
    await e.ok(dir, 'down', '-t', '0');
    const again = await e.cli(dir, 'down', '-t', '0');
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(remaining(e.state, seen)).toEqual({});
  });

  it('the supervisor killed: the container keeps running; the next up starts a new supervisor, whose health checks and restart policy work', async () => {
    const dir = e.project(supervised);
    await e.ok(dir, 'up', '-d', '--wait');
    const first = await webState(dir);
    expect(first.health).toBe('healthy');
    const killed = supervisorPid(dir) as number;
    process.kill(killed, 'SIGKILL');
    await eventually(() => !existsSync(`/proc/${killed}`), 10_000);
    const orphaned = await webState(dir);
    expect(orphaned.pid).toBe(first.pid);
    // Nobody runs the checks now: ps does not claim a health it cannot know.
    expect(orphaned.health).not.toBe('healthy');

    await e.ok(dir, 'up', '-d');
    const restarted = supervisorPid(dir);
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(killed);
    await eventually(async () => (await webState(dir)).health === 'healthy', 30_000, 200);

    process.kill(first.pid as number, 'SIGKILL');
    // Restarted by the new supervisor (nothing else runs), in the same container.
    const back = await eventually(async () => {
      const w = await webState(dir);
      if (w.restarts !== first.restarts + 1 || w.pid === undefined || w.pid === first.pid) throw new Error(`not restarted yet: ${JSON.stringify(w)}`);
      return w;
    }, 30_000, 200);
    expect(back.id).toBe(first.id);
    await eventually(async () => (await webState(dir)).health === 'healthy', 30_000, 200);
  });

  it('a second up on a project another up is bringing up waits for it, says so, and then finds everything in place', async () => {
    const dir = e.project(readyAfterAWhile);
    const one = e.spawnCli(dir, 'up', '-d');
    const oneDone = new Promise<number>((done) => one.once('exit', (code) => done(code ?? -1)));
    await eventually(() => existsSync(join(e.state, 'run', 'projects', projectName(dir), 'lock')), 60_000, 10);
    const two = e.cli(dir, 'up', '-d');
    const [codeOne, r2] = await Promise.all([oneDone, two]);
    expect(codeOne).toBe(0);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toMatch(/^Waiting for tscompose up \(pid \d+\) to finish with this project\.\.\.$/m);
    // The lock orders the work, not the processes' exits: the second found what the first made, running.
    for (const svc of ['db', 'app']) expect(r2.stderr).toMatch(new RegExp(`Container ${projectName(dir)}-${svc}-1 +Running`));
    const names = engineContainers(e.state).map((c) => c.name).sort();
    expect(names).toEqual([`${projectName(dir)}-app-1`, `${projectName(dir)}-db-1`]);
    expect(r2.stderr).not.toContain('Recreate');
  });
});
