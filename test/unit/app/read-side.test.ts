/**
 * The read side of the lifecycle on FakeEngine: the containers a project
 * has, log lines joined from pieces, following with exits and restarts,
 * attached up's teardown and exit code, which services attach, the stop
 * order, and the --since/--tail values.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachLogs, type AttachPrinter } from '../../../src/app/attach-logs.js';
import { chooseAttached } from '../../../src/app/attach-set.js';
import { followProject } from '../../../src/app/follow-logs.js';
import { nanos } from '../../../src/app/log-stream.js';
import { logTime, tailCount } from '../../../src/app/log-times.js';
import { projectLogs } from '../../../src/app/logs.js';
import { projectContainers, type ReadDrivers } from '../../../src/app/project-containers.js';
import { stopOrder, stopProjectContainers } from '../../../src/app/stop-containers.js';
import { commandText } from '../../../src/cli/commands/container-views.js';
import { FakeEngine } from '../../../src/engine/index.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';
import { supervisorPaths } from '../../../src/supervisor/protocol.js';

let root: string;
let engine: FakeEngine;
let d: ReadDrivers;
let recorder: ProjectRecorder;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctuo-u-'));
  engine = new FakeEngine();
  const projects = new ProjectStore(join(root, 'lib', 'projects'));
  d = { roots: { run: join(root, 'run'), lib: join(root, 'lib') }, projects, engine: async () => engine };
  recorder = new ProjectRecorder(projects, 'p');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function add(service: string, o: { number?: number; restart?: ContainerRecord['restart']; dependsOn?: string[]; start?: boolean; command?: string[] } = {}): Promise<string> {
  const name = `p-${service}-${o.number ?? 1}`;
  const { id } = await engine.create({ name, layerDirs: [], description: { image: { Cmd: ['sh'], ExposedPorts: { '80/tcp': {} } }, command: o.command ?? ['sleep', '600'] } });
  recorder.putContainer({
    name, id, service, number: o.number ?? 1, oneOff: false, hash: 'h', image: 'bb', imageId: 'sha256:0', networks: [], volumes: [], anonymousVolumes: [], mounts: [],
    dependsOn: (o.dependsOn ?? []).map((s) => ({ service: s, condition: 'service_started', required: true, restart: false })),
    stop: { signal: 'SIGTERM', timeoutSeconds: 3 }, restart: o.restart ?? { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: '',
  });
  if (o.start !== false) await engine.start(id);
  return id;
}

/** Polls until `probe` holds (the followers run on their own timers). */
async function eventually(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('projectContainers', () => {
  it('joins records and the engine: command, exposed ports, nothing for a container the engine lost', async () => {
    await add('web', { command: ['sh', '-c', 'echo a b'] });
    const lost = await add('gone');
    await engine.remove(lost, { force: true });
    const list = await projectContainers(d, 'p', { withPorts: true });
    expect(list.map((c) => c.record.name)).toEqual(['p-web-1']);
    expect(list[0]?.command).toEqual(['sh', '-c', 'echo a b']);
    expect(commandText(list[0]?.command ?? [])).toBe("sh -c 'echo a b'");
    expect(list[0]?.ports).toEqual([{ hostIp: '', hostPort: 0, containerPort: 80, protocol: 'tcp' }]);
    expect(await projectContainers(d, 'p', { services: ['db'] })).toEqual([]);
  });

  it('asks the supervisor for health only when a container has a healthcheck', async () => {
    await add('web');
    const paths = supervisorPaths(d.roots.run, 'p');
    mkdirSync(paths.dir, { recursive: true });
    let asked = 0;
    const server = createServer((sock) => {
      asked++;
      sock.on('data', () => sock.end(`${JSON.stringify({ id: 1, result: [{ name: 'p-web-1', health: { Status: 'healthy' } }] })}\n`));
    });
    await new Promise<void>((r) => server.listen(paths.socket, r));
    try {
      expect((await projectContainers(d, 'p', { withHealth: true }))[0]?.health).toBeUndefined();
      expect(asked).toBe(0);
      const rec = recorder.container('p-web-1') as ContainerRecord;
      recorder.putContainer({ ...rec, healthcheck: { test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 1000, startPeriodMs: 0, startIntervalMs: 0, retries: 3 } });
      expect((await projectContainers(d, 'p', { withHealth: true }))[0]?.health).toBe('healthy');
      expect(asked).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('takes the published ports from the network driver`s endpoints; an exposed port they publish is not listed twice', async () => {
    await add('web');
    const endpoints = async () => [{ container: 'p-web-1', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 18081 }, { containerPort: 53, protocol: 'udp', hostIp: '', hostPort: 5353 }] }];
    const withNet = { ...d, network: async () => ({ endpoints }) as unknown as Awaited<ReturnType<NonNullable<ReadDrivers['network']>>> };
    const [web] = await projectContainers(withNet, 'p', { withPorts: true });
    expect(web?.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 18081, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 5353, containerPort: 53, protocol: 'udp' },
    ]);
    const broken = { ...d, network: async () => Promise.reject(new Error('no helper')) };
    expect((await projectContainers(broken, 'p', { withPorts: true }))[0]?.ports).toEqual([{ hostIp: '', hostPort: 0, containerPort: 80, protocol: 'tcp' }]);
  });
});

describe('logs', () => {
  it('joins pieces of a line, keeps streams apart, and reads every container once', async () => {
    const web = await add('web');
    engine.output(web, 'stdout', 'hel');
    engine.output(web, 'stderr', 'warn\n');
    engine.output(web, 'stdout', 'lo\n');
    const seen: string[] = [];
    await projectLogs(d, { name: 'p' }, { services: [], index: 0, follow: false, signal: new AbortController().signal }, {
      attach: () => undefined, line: (e) => seen.push(`${e.container} ${e.stream} ${e.line}`), exit: () => undefined,
    });
    expect(seen).toEqual(['web-1 stderr warn', 'web-1 stdout hello']);
  });

  it('follow: lines as they come, the rest after the exit, then the exit; a restarted container is followed again', async () => {
    const web = await add('web', { restart: { name: 'always', maxAttempts: 0 } });
    const seen: string[] = [];
    const stop = new AbortController();
    const following = followProject(d, { project: 'p', services: ['web'], signal: stop.signal, pollMs: 5 }, {
      attach: (c) => seen.push(`attach ${c}`), line: (e) => seen.push(e.line), exit: (c, _s, code) => seen.push(`${c} exited ${code}`),
    });
    await eventually(() => seen.includes('attach web-1'), 'the follower');
    engine.output(web, 'stdout', 'one\n');
    await eventually(() => seen.includes('one'), 'the first line');
    engine.output(web, 'stdout', 'last\n');
    engine.exit(web, 2);
    await eventually(() => seen.includes('web-1 exited 2'), 'the exit');
    await engine.start(web);
    engine.output(web, 'stdout', 'again\n');
    await eventually(() => seen.includes('again'), 'the line after the restart');
    stop.abort();
    await following;
    expect(seen).toEqual(['attach web-1', 'one', 'last', 'web-1 exited 2', 'again']);
  });

  it('follow picks up a container that appears in the records (a recreation, a scale-up) and ends when none runs', async () => {
    await add('web');
    const seen: string[] = [];
    const following = followProject(d, { project: 'p', services: ['web'], signal: new AbortController().signal, pollMs: 5 }, {
      attach: (c) => seen.push(`attach ${c}`), line: (e) => seen.push(`${e.container} ${e.line}`), exit: (c, _s, code) => seen.push(`${c} exited ${code}`),
    });
    await eventually(() => seen.includes('attach web-1'), 'the first follower');
    const two = await add('web', { number: 2 });
    engine.output(two, 'stdout', 'second\n');
    await eventually(() => seen.includes('web-2 second'), 'the new container`s line');
    engine.exit('p-web-1', 0);
    engine.exit(two, 1);
    await following;
    expect(seen).toEqual(['attach web-1', 'attach web-2', 'web-2 second', 'web-1 exited 0', 'web-2 exited 1']);
  });

  it('logs -f on a stopped project prints the old lines, waits for a start, then follows only the new run', async () => {
    const web = await add('web');
    engine.output(web, 'stdout', 'old\n');
    engine.exit(web, 0);
    const seen: string[] = [];
    const following = projectLogs(d, { name: 'p' }, { services: [], index: 0, follow: true, signal: new AbortController().signal }, {
      attach: (c) => seen.push(`attach ${c}`), line: (e) => seen.push(e.line), exit: (c, _s, code) => seen.push(`${c} exited ${code}`),
    });
    await eventually(() => seen.includes('old'), 'the old line');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['old']);
    await engine.start(web);
    await eventually(() => seen.includes('attach web-1'), 'the follower after the start');
    engine.output(web, 'stdout', 'new\n');
    await eventually(() => seen.includes('new'), 'the new line');
    engine.exit(web, 9);
    await following;
    expect(seen).toEqual(['old', 'attach web-1', 'new', 'web-1 exited 9']);
  });

  it('--index picks one replica and says when there is none', async () => {
    await add('web', { number: 1 });
    const two = await add('web', { number: 2 });
    engine.output(two, 'stdout', 'from two\n');
    const seen: string[] = [];
    const sink = { attach: () => undefined, line: (e: { container: string; line: string }) => seen.push(`${e.container} ${e.line}`), exit: () => undefined };
    await projectLogs(d, { name: 'p' }, { services: ['web'], index: 2, follow: false, signal: new AbortController().signal }, sink);
    expect(seen).toEqual(['web-2 from two']);
    await expect(projectLogs(d, { name: 'p' }, { services: ['web'], index: 3, follow: false, signal: new AbortController().signal }, sink)).rejects.toThrow('service "web" is not running container #3');
  });
});

function printer(seen: string[]): AttachPrinter {
  return {
    attaching: (l) => seen.push(l), info: (l) => seen.push(`info: ${l}`), register: () => undefined,
    line: (e) => seen.push(`${e.container} | ${e.line}`), status: (c, m) => seen.push(`${c} ${m}`),
  };
}

describe('attached up', () => {
  it('streams the attached services, --abort-on-container-exit stops the rest and --exit-code-from picks the code', async () => {
    const db = await add('db');
    const web = await add('web', { dependsOn: ['db'] });
    const seen: string[] = [];
    const never = new AbortController().signal;
    const run = attachLogs(d, {
      project: 'p', attach: ['web'], watch: ['db', 'web'], cascade: 'exit', exitCodeFrom: 'db', interrupt: { graceful: never, force: never }, pollMs: 5,
      stop: () => stopProjectContainers(d, { project: 'p', services: [], onEvent: (e) => seen.push(`${e.id} ${e.statusText}`) }), kill: async () => undefined,
    }, printer(seen));
    await eventually(() => seen.includes('Attaching to web-1'), 'the attach');
    engine.output(db, 'stdout', 'not attached\n');
    engine.output(web, 'stdout', 'hi\n');
    await eventually(() => seen.includes('web-1 | hi'), 'the line');
    engine.exit(web, 5);
    engine.stopExitCode = 143;
    expect(await run).toBe(143);
    expect(seen).toEqual(['Attaching to web-1', 'web-1 | hi', 'web-1 exited with code 5', 'info: Aborting on container exit...', 'Container p-db-1 Stopping', 'Container p-db-1 Stopped']);
    expect(d.projects.read('p')?.containers.every((c) => c.stoppedByUser)).toBe(true);
  });

  it('a container that exited before the attach but after up began counts as an exit (a quick job)', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const job = await add('job');
    engine.output(job, 'stdout', 'done\n');
    engine.exit(job, 3);
    await add('web');
    const seen: string[] = [];
    const never = new AbortController().signal;
    const code = await attachLogs(d, {
      project: 'p', attach: ['job', 'web'], watch: ['job', 'web'], cascade: 'exit', since, interrupt: { graceful: never, force: never }, pollMs: 5,
      stop: () => stopProjectContainers(d, { project: 'p', services: [], onEvent: () => undefined }), kill: async () => undefined,
    }, printer(seen));
    expect(code).toBe(3);
    expect(seen.slice(0, 4)).toEqual(['Attaching to job-1, web-1', 'job-1 | done', 'job-1 exited with code 3', 'info: Aborting on container exit...']);
  });

  it('up --watch follows through a recreation that leaves nothing running for a while, and ends only after Ctrl-C', async () => {
    const old = await add('web');
    const seen: string[] = [];
    const graceful = new AbortController();
    const never = new AbortController().signal;
    let ended = false;
    const run = attachLogs(d, {
      project: 'p', attach: ['web'], watch: ['web'], cascade: 'none', untilInterrupted: true, interrupt: { graceful: graceful.signal, force: never }, pollMs: 5,
      stop: () => stopProjectContainers(d, { project: 'p', services: [], onEvent: () => undefined }), kill: async () => undefined,
    }, printer(seen)).finally(() => (ended = true));
    await eventually(() => seen.includes('Attaching to web-1'), 'the attach');
    // A rebuild's recreate: the old container stops and is gone before the new one starts.
    engine.exit(old, 143);
    await eventually(() => seen.includes('web-1 exited with code 143'), 'the old container`s exit');
    await engine.remove(old);
    recorder.dropContainer('p-web-1');
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(false);
    const fresh = await add('web');
    engine.output(fresh, 'stdout', 'rebuilt\n');
    await eventually(() => seen.includes('web-1 | rebuilt'), 'the new container`s line');
    graceful.abort();
    expect(await run).toBe(0);
    expect((await engine.inspect(fresh)).state.running).toBe(false);
  });

  it('the first Ctrl-C stops gracefully (no more lines printed), the second kills', async () => {
    await add('web');
    const seen: string[] = [];
    const graceful = new AbortController();
    const force = new AbortController();
    let stopped = false;
    const run = attachLogs(d, {
      project: 'p', attach: ['web'], watch: ['web'], cascade: 'none', interrupt: { graceful: graceful.signal, force: force.signal }, pollMs: 5,
      stop: async () => {
        stopped = true;
      },
      kill: async () => {
        seen.push('killed');
        await engine.kill('p-web-1', 'SIGKILL');
      },
    }, printer(seen));
    await eventually(() => seen.includes('Attaching to web-1'), 'the attach');
    graceful.abort();
    await eventually(() => stopped, 'the graceful stop');
    force.abort();
    expect(await run).toBe(0);
    expect(seen).toEqual(['Attaching to web-1', 'info: Gracefully stopping... (press Ctrl+C again to force)', 'killed']);
  });

  it('chooses services as docker compose: --attach, attach: false, --attach-dependencies, --no-attach', () => {
    const services = { web: { depends_on: { db: {} } }, db: {}, log: { attach: false } };
    const f = { services: [], attach: [], noAttach: [], attachDependencies: false, exitCodeFrom: '' };
    expect(chooseAttached(services, f)).toEqual(['db', 'web']);
    expect(chooseAttached(services, { ...f, services: ['web'] })).toEqual(['web']);
    expect(chooseAttached(services, { ...f, services: ['web'], attachDependencies: true })).toEqual(['db', 'web']);
    expect(chooseAttached(services, { ...f, attach: ['log'] })).toEqual(['log']);
    expect(chooseAttached(services, { ...f, noAttach: ['db'] })).toEqual(['web']);
    expect(() => chooseAttached(services, { ...f, attach: ['nope'] })).toThrow('cannot attach to services not included in up: nope');
  });

  it('stops dependents before their dependencies', () => {
    const rec = (service: string, deps: string[]) => ({ service, dependsOn: deps.map((s) => ({ service: s })) }) as unknown as ContainerRecord;
    expect(stopOrder([rec('db', []), rec('app', ['db']), rec('web', ['app']), rec('job', [])])).toEqual([['job', 'web'], ['app'], ['db']]);
  });
});

describe('--since, --until, --tail', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('reads durations, Unix times and RFC 3339 as the docker CLI does', () => {
    expect(logTime('since', '42m', now)?.toISOString()).toBe('2026-12-01T11:18:00.000Z');
    expect(logTime('since', '1700000000.5', now)?.toISOString()).toBe('2023-11-14T22:13:20.500Z');
    expect(logTime('since', '2026-12-01T10:00:00Z', now)?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(logTime('since', '', now)).toBeUndefined();
    expect(() => logTime('since', 'yesterday', now)).toThrow('invalid value for "since": failed to parse value as time or duration: "yesterday"');
    expect(nanos('2026-12-01T00:00:00.5Z') < nanos('2026-12-01T00:00:00.500000001Z')).toBe(true);
    expect(nanos('2026-12-01T00:00:01Z') > nanos('2026-12-01T00:00:00.999999999Z')).toBe(true);
    expect(nanos('2026-12-01T01:00:00+01:00')).toBe(nanos('2026-12-01T00:00:00.000Z'));
    expect(tailCount('all')).toBeUndefined();
    expect(tailCount('3')).toBe(3);
    expect(tailCount('-1')).toBeUndefined();
    expect(() => tailCount('x')).toThrow('invalid syntax');
  });
});
