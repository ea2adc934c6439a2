import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError } from '../../../src/build/errors.js';
import { hostPrepare } from '../../../src/build/host-prepare.js';
import { prepareBuild } from '../../../src/build/prepare.js';

let dir = '';
const host = hostPrepare({ FROM_ENV: 'env-value' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsctb-prepare-'));
  const files: Record<string, string> = {
    Dockerfile: 'FROM alpine\nCOPY . /app\n',
    'app.Dockerfile': 'FROM alpine AS x\nCOPY . /app\n',
    'app.Dockerfile.dockerignore': 'secret.txt\n',
    '.dockerignore': 'logs\n',
    'secret.txt': 's',
    'logs/a.log': 'l',
    'src/main.js': 'm',
    'assets/style.css': 'c',
    'assets/.dockerignore': '*.map\n',
    'assets/style.css.map': 'm',
  };
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paths = (ctx: { entries(): ReadonlyArray<{ path: string }> }): string[] => ctx.entries().map((e) => e.path);

describe('prepareBuild: a service\'s build section to a build request', () => {
  it('reads the Dockerfile and applies the context\'s .dockerignore', () => {
    const p = prepareBuild({ context: dir }, host);
    expect(p.request.file).toBe('Dockerfile');
    expect(paths(p.request.context)).not.toContain('logs/a.log');
    expect(paths(p.request.context)).toContain('secret.txt');
  });

  it('prefers <Dockerfile>.dockerignore beside a named Dockerfile', () => {
    const p = prepareBuild({ context: dir, dockerfile: 'app.Dockerfile' }, host);
    expect(p.request.file).toBe('app.Dockerfile');
    expect(paths(p.request.context)).toContain('logs/a.log');
    expect(paths(p.request.context)).not.toContain('secret.txt');
  });

  it('passes on the parser\'s warnings and notes a foreign frontend', () => {
    const p = prepareBuild({ context: dir, dockerfileInline: '# syntax=example.com/my/frontend\nFROM busybox\nRUN a \\\n\n  b\n' }, host);
    expect(p.warnings).toEqual([
      'Dockerfile:5: Empty continuation line found in: RUN a   b',
      'Dockerfile:1: the syntax directive names another frontend (example.com/my/frontend); tscompose builds with its own Dockerfile frontend',
    ]);
    expect(prepareBuild({ context: dir, dockerfileInline: '# syntax=docker/dockerfile:1.7\nFROM busybox\n' }, host).warnings).toEqual([]);
  });

  it('takes dockerfile_inline instead of a file', () => {
    expect(prepareBuild({ context: dir, dockerfileInline: 'FROM busybox\n' }, host).request.model.stages[0]?.baseName).toBe('busybox');
  });

  it('names a missing Dockerfile or context', () => {
    expect(() => prepareBuild({ context: dir, dockerfile: 'nope.Dockerfile' }, host)).toThrow(`failed to read dockerfile: open ${dir}/nope.Dockerfile: no such file or directory`);
    expect(() => prepareBuild({ context: join(dir, 'missing') }, host)).toThrow(BuildError);
  });

  it('takes args without a value from the environment, and leaves out unset ones', () => {
    const p = prepareBuild({ context: dir, args: { GIVEN: 'v', FROM_ENV: null, UNSET: null } }, host);
    expect(p.request.buildArgs).toEqual({ GIVEN: 'v', FROM_ENV: 'env-value' });
  });

  it('makes additional contexts named local contexts or images', () => {
    const p = prepareBuild({ context: dir, additionalContexts: { assets: 'assets', base: 'docker-image://alpine:3.20', web: 'service:web' } }, host, new Map([['web', 'proj-web']]));
    expect(paths(p.request.namedContexts.get('assets') as never)).toEqual(['.dockerignore', 'style.css']);
    expect([...p.request.namedImages]).toEqual([['base', 'alpine:3.20'], ['web', 'proj-web']]);
    expect(() => prepareBuild({ context: dir, additionalContexts: { x: 'service:db' } }, host)).toThrow('additional context x: service db has not been built');
    expect(() => prepareBuild({ context: dir, additionalContexts: { x: 'https://127.0.0.1/x.tar' } }, host)).toThrow('is not supported yet');
  });

  it('keeps the networks BuildKit knows and warns about what it does not carry out', () => {
    expect(prepareBuild({ context: dir, network: 'none' }, host).request.network).toBe('none');
    expect(() => prepareBuild({ context: dir, network: 'proj_default' }, host)).toThrow('network mode "proj_default" not supported by the builder');
    const p = prepareBuild({ context: dir, shmSize: '1g', secrets: [{}], platforms: ['linux/arm64', 'linux/amd64'] }, host);
    expect(p.warnings).toEqual([
      'multi-platform builds are not supported; building linux/arm64 only',
      "build.shm_size is not supported by tscompose's builder yet and is ignored",
      "build.secrets is not supported by tscompose's builder yet and is ignored",
    ]);
    expect(p.request.targetPlatform).toEqual({ os: 'linux', architecture: 'arm64' });
  });
});
