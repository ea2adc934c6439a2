/**
 * `tscompose build` on a compose project, through the whole command line
 * (in memory) with a throwaway state root: which services build, their
 * image names (`<project>-<service>` or `image:`), build.tags, compose's
 * labels, dependency order with a `service:` additional context, --build-arg,
 * -q; and ensureServiceImages, which `up --build` and `run --build` call.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServiceImages } from '../../../src/app/build.js';
import { loadComposeProject } from '../../../src/app/load-project.js';
import { runCli } from '../../../src/cli/main.js';
import { realHostContext } from '../../../src/host/fs.js';
import { BASE, newLab, runIn, runtime, skipReason, type Lab } from './support.js';

const COMPOSE = `name: tsctbproj
services:
  app:
    build:
      context: ./app
      additional_contexts:
        basectx: service:base
      args:
        GREETING: from-compose
        FROM_ENV:
      labels:
        org.example.tier: app
    depends_on: [db]
  base:
    build:
      context: ./base
      tags: [tsctb-extra:1]
  named:
    image: tsctb-named:2
    build: ./named
  db:
    image: ${BASE}
`;

describe.skipIf(skipReason !== undefined)('tscompose build on a compose project', () => {
  let lab: Lab;
  let dir: string;
  const env = (): Record<string, string> => ({ PATH: process.env.PATH ?? '', TSCOMPOSE_ROOT: lab.dir, TSCOMPOSE_RUNTIME: runtime?.name ?? '', FROM_ENV: 'from-os' });

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['-f', join(dir, 'compose.yaml'), ...args], {
      cwd: dir,
      env: env(),
      readStdin: () => '',
      stdoutIsTTY: false,
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    lab = await newLab();
    dir = join(lab.dir, 'project');
    const files: Record<string, string> = {
      'compose.yaml': COMPOSE,
      'base/Dockerfile': `FROM ${BASE}\nRUN echo from-base > /base.txt\n`,
      'app/Dockerfile': 'FROM basectx\nARG GREETING\nARG FROM_ENV\nRUN echo "$GREETING $FROM_ENV $(cat /base.txt)" > /app.txt\n',
      'named/Dockerfile': `FROM ${BASE}\nRUN echo named > /named.txt\n`,
    };
    for (const [p, v] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), v);
    }
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('builds every service that has build:, dependencies first, with compose names, tags and labels', async () => {
    const r = await cli('build');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // base before app (app's context is the base image), each step named with its service.
    expect(r.stdout.indexOf('[base 2/2] RUN')).toBeGreaterThan(0);
    expect(r.stdout.indexOf('[app 2/2] RUN')).toBeGreaterThan(r.stdout.indexOf('[base 2/2] RUN'));
    expect(r.stdout).toMatch(/naming to docker.io\/library\/tsctb-named:2 done/);
    const base = await lab.store.get('tsctbproj-base');
    expect((await lab.store.get('tsctb-extra:1'))?.id).toBe(base?.id);
    const app = await lab.store.get('tsctbproj-app');
    expect(app?.config.config?.Labels).toMatchObject({ 'org.example.tier': 'app', 'com.docker.compose.project': 'tsctbproj', 'com.docker.compose.service': 'app' });
    expect(app?.config.config?.Labels?.['com.docker.compose.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect((await runIn(lab, 'tsctbproj-app', ['cat', '/app.txt'])).stdout).toBe('from-compose from-os from-base\n');
    expect(await lab.store.get('tsctbproj-db')).toBeUndefined();
  });

  it('builds only the named service, with --build-arg over build.args; -q prints nothing', async () => {
    const r = await cli('build', '-q', '--build-arg', 'GREETING=from-cli', 'app');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await runIn(lab, 'tsctbproj-app', ['cat', '/app.txt'])).stdout).toBe('from-cli from-os from-base\n');
  });

  it('an unknown service is an error', async () => {
    const r = await cli('build', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such service: nope/);
  });

  it('ensureServiceImages builds only what is missing, everything with build: always', async () => {
    const host = { ...realHostContext(), env: env(), cwd: dir };
    const load = (): ReturnType<typeof loadComposeProject> => loadComposeProject({ files: [join(dir, 'compose.yaml')], envFiles: [], profiles: [], dryRun: false, verbose: false }, host, {});
    const input = (): { project: ReturnType<typeof load>['project']; environment: Record<string, string> } => {
      const l = load();
      return { project: l.project, environment: l.interpolationEnv };
    };
    const warn = (): void => undefined;
    expect([...(await ensureServiceImages(input(), host, { warn })).keys()]).toEqual([]);
    await lab.store.remove('tsctb-named:2');
    expect([...(await ensureServiceImages(input(), host, { warn })).keys()]).toEqual(['named']);
    expect([...(await ensureServiceImages(input(), host, { warn, build: 'always' })).keys()].sort()).toEqual(['app', 'base', 'named']);
    expect([...(await ensureServiceImages(input(), host, { warn, build: 'never' })).keys()]).toEqual([]);
  });
});
