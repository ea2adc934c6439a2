/**
 * Crash recovery through the CLI on the real kernel: `up` killed with
 * SIGKILL at several points (the network made, a container being created,
 * the first container started) and then `down` or the next `up` finishing
 * the job; the supervisor killed (containers keep running, the next command
 * starts it again and restarts and health checks resume); `down` twice; a
 * second `up` on a project another `up` holds. Projects and the state root
 * are named `tsctur…`.
 */
import { existsSync, readdirSync } from 'node:fs';
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
});
