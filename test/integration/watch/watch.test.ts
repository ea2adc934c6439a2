/**
 * develop.watch against a real container of the embedded runtime (runc
 * when it is not built): the container is created through the engine with
 * the compose labels `up` gives it, and the watch runs with real chokidar
 * and compose's 500 ms quiet period. A sync rule's edit is inside the
 * container within one second, a deletion is removed, sync+exec runs its
 * command in the container, sync+restart restarts it, and a rebuild rule
 * builds a new image and asks to recreate only its own service (the
 * recreate itself is `up --force-recreate`, whose container port is wired
 * separately).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../../src/app/load-project.js';
import { startWatch } from '../../../src/app/watch.js';
import { hostFs } from '../../../src/host/fs.js';
import type { WatchSession } from '../../../src/watch/session.js';
import { eventually } from '../../support/eventually.js';
import { BASE, newLab, skipReason, type Lab } from '../build/support.js';

const PROJECT = 'tsctbwatch';
const COMPOSE = `name: ${PROJECT}
services:
  web:
    image: ${BASE}
    develop:
      watch:
        - {action: sync, path: ./src, target: /srv/www, ignore: ["*.tmp"]}
        - {action: sync+exec, path: ./hooks, target: /hooks, exec: {command: "sh /hooks/run.sh"}}
        - {action: sync+restart, path: ./conf, target: /etc/app}
  app:
    build: ./app
    develop:
      watch:
        - {action: rebuild, path: ./app/Dockerfile}
`;

describe.skipIf(skipReason !== undefined)(`develop.watch on real containers${skipReason === undefined ? '' : ` (${skipReason})`}`, () => {
  let lab: Lab;
  let dir: string;
  let session: WatchSession;
  let web: string;
  const log: string[] = [];
  const recreated: string[][] = [];

  beforeAll(async () => {
    lab = await newLab();
    dir = join(lab.dir, 'project');
    for (const d of ['src', 'hooks', 'conf', 'app']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    writeFileSync(join(dir, 'src', 'index.html'), 'one\n');
    writeFileSync(join(dir, 'app', 'Dockerfile'), `FROM ${BASE}\nRUN echo v1 > /version\n`);
    const local = await lab.store.get(BASE);
    const engine = lab.engine();
    const labels = { 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': 'web', 'com.docker.compose.oneoff': 'False' };
    web = (await engine.create({ name: `${PROJECT}-web-1`, labels, layerDirs: local?.layerDirs ?? [], description: { image: local?.config.config ?? {}, command: ['sleep', '3600'], network: { mode: 'none' } } })).id;
    await engine.start(web);
    const host = { cwd: dir, env: { ...process.env, TSCOMPOSE_ROOT: lab.dir } as Record<string, string>, fs: hostFs, homeDir: dir, readStdin: () => '' };
    const loaded = loadComposeProject({ files: [], envFiles: [], profiles: [], dryRun: false, verbose: false }, host, {});
    session = await startWatch({ project: loaded.project, environment: loaded.interpolationEnv }, host, { services: [], prune: false, quiet: true }, {
      engine: () => Promise.resolve(engine),
      recreate: (services) => {
        recreated.push(services);
        return Promise.resolve();
      },
      log: (m) => log.push(m),
      warn: (m) => log.push(`WARN ${m}`),
      output: { write: () => undefined },
    });
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await lab?.cleanup();
  });

  async function inContainer(args: string[]): Promise<{ out: string; code: number }> {
    const h = await lab.engine().exec(web, { args });
    let out = '';
    h.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    h.stderr?.resume();
    const exit = await h.exit;
    return { out, code: exit.exitCode };
  }

  it('an edited file is inside the container within one second; a deleted one is removed; ignored ones stay out', async () => {
    const rootfs = (await lab.engine().inspect(web)).paths.rootfs;
    const start = Date.now();
    writeFileSync(join(dir, 'src', 'index.html'), 'two\n');
    writeFileSync(join(dir, 'src', 'scratch.tmp'), 'no\n');
    await eventually(() => readFileSync(join(rootfs, 'srv/www/index.html'), 'utf8') === 'two\n', 5000, 10);
    const elapsed = Date.now() - start;
    expect((await inContainer(['cat', '/srv/www/index.html'])).out).toBe('two\n');
    expect(elapsed, `synced after ${elapsed} ms`).toBeLessThan(1000);
    expect(existsSync(join(rootfs, 'srv/www/scratch.tmp'))).toBe(false);
    rmSync(join(dir, 'src', 'index.html'));
    await eventually(async () => (await inContainer(['test', '-e', '/srv/www/index.html'])).code === 1);
    expect(log).toContain('Watch enabled');
  }, 20_000);

  it('sync+exec runs its command in the container after the files are in', async () => {
    writeFileSync(join(dir, 'hooks', 'run.sh'), 'echo ran > /tmp/hooked\n');
    await eventually(async () => (await inContainer(['cat', '/tmp/hooked'])).out === 'ran\n');
  }, 20_000);

  it('sync+restart syncs and restarts the container', async () => {
    const before = (await lab.engine().inspect(web)).state.startedAt;
    writeFileSync(join(dir, 'conf', 'app.ini'), 'x=1\n');
    await eventually(async () => (await lab.engine().inspect(web)).state.startedAt !== before, 20_000);
    await eventually(async () => (await lab.engine().inspect(web)).state.running);
    expect((await inContainer(['cat', '/etc/app/app.ini'])).out).toBe('x=1\n');
    expect(log).toContain('service(s) ["web"] restarted');
  }, 30_000);

  it('a rebuild rule builds a new image and recreates only its service', async () => {
    writeFileSync(join(dir, 'app', 'Dockerfile'), `FROM ${BASE}\nRUN echo v2 > /version\n`);
    await eventually(() => recreated.length > 0, 60_000, 50);
    expect(recreated).toEqual([['app']]);
    const image = await lab.store.get(`${PROJECT}-app`);
    expect(image?.config.history?.some((h) => (h.created_by ?? '').includes('echo v2'))).toBe(true);
    expect(log).toContain('service(s) ["app"] successfully built');
  }, 90_000);
});
