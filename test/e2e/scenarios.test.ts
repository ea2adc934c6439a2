/**
 * The lifecycle scenarios of issue 6 through the CLI on busybox
 * containers: only the changed service is recreated (and what
 * --force-recreate and --no-recreate change about that), restart policies
 * after the main process ends, attached up's --abort-on-container-exit and
 * --exit-code-from, and scaling to three replicas that all answer to the
 * service's name. Projects and the state root are named `tsctur…`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { containerPid, e2eState, engineContainers, IMAGE, networkRecords, type EngineContainer } from './support/project.js';

const isRoot = process.getuid?.() === 0;
const e = e2eState('tsctur');

function sleeper(name: string, extra = ''): string {
  return `  ${name}:
    image: ${IMAGE}
    pull_policy: never
    command: [sleep, '1000']
    stop_grace_period: 1s
${extra}`;
}

function threeServices(bEnv: string): string {
  return `services:\n${sleeper('a', '    environment: {V: "1"}\n')}${sleeper('b', `    environment: {V: "${bEnv}"}\n`)}${sleeper('c', '    environment: {V: "1"}\n')}`;
}

/** The engine's containers of the project by service: id, start time, restarts, environment. */
function byService(dir: string): Record<string, EngineContainer> {
  const project = (dir.split('/').pop() as string).toLowerCase();
  return Object.fromEntries(
    engineContainers(e.state)
      .filter((c) => c.labels['com.docker.compose.project'] === project)
      .map((c) => [c.labels['com.docker.compose.service'] as string, c]),
  );
}

function running(c: EngineContainer | undefined): boolean {
  return c !== undefined && containerPid(e.state, c.id) !== undefined;
}

describe.skipIf(!isRoot)('lifecycle scenarios', () => {
  beforeAll(() => e.importBusybox(), 120_000);
  afterEach(() => e.cleanup());
  afterAll(() => e.remove());

  it('a changed environment recreates only that service; --no-recreate keeps it; --force-recreate recreates all', async () => {
    const dir = e.project(threeServices('1'));
    await e.ok(dir, 'up', '-d');
    const before = byService(dir);
    writeFileSync(join(dir, 'compose.yaml'), threeServices('2'));
    await e.ok(dir, 'up', '-d');
    const after = byService(dir);
    expect(after.b?.id).not.toBe(before.b?.id);
    expect(after.b?.description.env).toContain('V=2');
    for (const s of ['a', 'c']) {
      expect(after[s]?.id).toBe(before[s]?.id);
      expect(after[s]?.startedAt).toBe(before[s]?.startedAt);
    }
    expect(['a', 'b', 'c'].every((s) => running(after[s]))).toBe(true);

    writeFileSync(join(dir, 'compose.yaml'), threeServices('3'));
    await e.ok(dir, 'up', '-d', '--no-recreate');
    const kept = byService(dir);
    expect(kept.b?.id).toBe(after.b?.id);
    expect(kept.b?.description.env).toContain('V=2');

    await e.ok(dir, 'up', '-d', '--force-recreate');
    const forced = byService(dir);
    for (const s of ['a', 'b', 'c']) {
      expect(forced[s]?.id).not.toBe(kept[s]?.id);
      expect(running(forced[s])).toBe(true);
    }
    expect(forced.b?.description.env).toContain('V=3');
  });

  it('restart policies after the main process ends: on-failure:2 twice, always and unless-stopped until stopped, no never', async () => {
    const dir = e.project(`services:
  onfail:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'exit 3']
    restart: on-failure:2
  always:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'sleep 0.3; exit 0']
    restart: always
  unless:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'sleep 0.3; exit 0']
    restart: unless-stopped
  never:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'exit 1']
    restart: "no"
`);
    await e.ok(dir, 'up', '-d');
    // on-failure:2 is done once it failed after its second restart; `always` keeps going meanwhile, which is the clock.
    await eventually(() => byService(dir).onfail?.restartCount === 2 && !running(byService(dir).onfail), 60_000, 100);
    const mark = byService(dir).always?.restartCount ?? 0;
    await eventually(() => (byService(dir).always?.restartCount ?? 0) >= mark + 2, 60_000, 100);
    expect(byService(dir).onfail?.restartCount).toBe(2);
    expect(byService(dir).never?.restartCount).toBe(0);
    expect(running(byService(dir).never)).toBe(false);
    const ps = (await e.ok(dir, 'ps', '-a', '--format', 'json')).trim().split('\n').map((l) => JSON.parse(l) as { Service: string; ExitCode: number });
    expect(ps.find((c) => c.Service === 'onfail')?.ExitCode).toBe(3);
    expect(ps.find((c) => c.Service === 'never')?.ExitCode).toBe(1);

    expect(byService(dir).unless?.restartCount).toBeGreaterThan(0);
    await e.ok(dir, 'stop', '-t', '1', 'unless');
    const stopped = byService(dir).unless?.restartCount ?? 0;
    const mark2 = byService(dir).always?.restartCount ?? 0;
    await eventually(() => (byService(dir).always?.restartCount ?? 0) >= mark2 + 2, 60_000, 100);
    expect(byService(dir).unless?.restartCount).toBe(stopped);
    expect(running(byService(dir).unless)).toBe(false);
  });

  it('--abort-on-container-exit: the first exit stops the others and up exits with its code', async () => {
    const dir = e.project(`services:
  quick:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'sleep 1; echo bye; exit 3']
${sleeper('long')}`);
    const r = await e.cli(dir, 'up', '--abort-on-container-exit', '--no-color');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/quick-1 +\| bye/);
    expect(r.stderr).toContain('Aborting on container exit...');
    const c = byService(dir);
    expect(c.long).toBeDefined();
    expect(running(c.long)).toBe(false);
  });

  it('--exit-code-from SERVICE: up exits with that service`s code, here from its TERM handler as the teardown stopped it', async () => {
    const dir = e.project(`services:
  first:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'sleep 1; exit 3']
  main:
    image: ${IMAGE}
    pull_policy: never
    command: [sh, -c, 'trap "exit 9" TERM; sleep 1000 & wait']
`);
    const r = await e.cli(dir, 'up', '--exit-code-from', 'main', '--no-color');
    expect(r.code).toBe(9);
    expect(running(byService(dir).main)).toBe(false);
  });

  it('--scale web=3 makes three replicas the service name resolves to; deploy.replicas does too, and --scale web=1 removes the highest', async () => {
    const dir = e.project(`services:\n${sleeper('web')}${sleeper('client')}`);
    await e.ok(dir, 'up', '-d', '--scale', 'web=3');
    const project = (dir.split('/').pop() as string).toLowerCase();
    const webs = engineContainers(e.state).filter((c) => c.labels['com.docker.compose.service'] === 'web').map((c) => c.name).sort();
    expect(webs).toEqual([1, 2, 3].map((n) => `${project}-web-${n}`));
    const addresses = networkRecords(e.state).flatMap((n) => n.endpoints).filter((ep) => webs.includes(ep.container)).map((ep) => ep.ipv4).sort();
    expect(addresses).toHaveLength(3);
    const resolved = await eventually(async () => {
      const out = await e.ok(dir, 'exec', '-T', 'client', 'nslookup', 'web');
      const found = [...out.split('Name:').slice(1).join('').matchAll(/Address:\s+(\d+\.\d+\.\d+\.\d+)(?!:)/g)].map((m) => m[1]).sort();
      return found.length === 3 ? found : false;
    }, 30_000, 300);
    expect(resolved).toEqual(addresses);

    writeFileSync(join(dir, 'compose.yaml'), `services:\n${sleeper('web', '    deploy: {replicas: 3}\n')}${sleeper('client')}`);
    await e.ok(dir, 'down', '-t', '0');
    await e.ok(dir, 'up', '-d');
    const replicas = () => engineContainers(e.state).filter((c) => c.labels['com.docker.compose.service'] === 'web');
    expect(replicas().filter(running).map((c) => c.name).sort()).toEqual(webs);
    await e.ok(dir, 'up', '-d', '--scale', 'web=1');
    expect(replicas().map((c) => c.name)).toEqual([`${project}-web-1`]);
  });
});
