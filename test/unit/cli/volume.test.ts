import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import { cli } from './run-cli.js';

const REF = join(import.meta.dirname, '..', '..', 'fixtures', 'up', 'reference');
let root: string;
let env: Record<string, string>;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctu-vc-'));
  env = { TSCOMPOSE_ROOT: root };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = (argv: string[], stdin = '') => cli(argv, { env, cwd: root, readStdin: () => stdin });
/** The reference's paths and times made ours. */
const ours = (text: string) => text.replaceAll('/var/lib/docker/volumes', join(root, 'lib', 'volumes')).replace(/"CreatedAt": "[^"]+"/g, '"CreatedAt": "X"');

describe('tscompose volume, against docker volume (CLI 28)', () => {
  beforeEach(async () => {
    await run(['volume', 'create', 'tsctu-v1']);
    await run(['volume', 'create', '--label', 'a=b', '--label', 'c', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'tsctu-v2']);
  });

  it('create prints the name; ls prints docker`s table, -q the names, json one object each', async () => {
    expect((await run(['volume', 'create', 'tsctu-v3'])).stdout).toBe(readFileSync(join(REF, 'vol-create.txt'), 'utf8').replace('v1', 'v3'));
    await run(['volume', 'rm', 'tsctu-v3']);
    expect((await run(['volume', 'ls'])).stdout).toBe(readFileSync(join(REF, 'vol-ls.txt'), 'utf8'));
    expect((await run(['volume', 'ls', '-q'])).stdout).toBe('tsctu-v1\ntsctu-v2\n');
    // docker prints labels in Go's map order; tscompose sorts them.
    expect((await run(['volume', 'ls', '--format', 'json'])).stdout).toBe(ours(readFileSync(join(REF, 'vol-ls-json.txt'), 'utf8')).replace('c=,a=b', 'a=b,c='));
    expect((await run(['volume', 'ls', '--format', 'table {{.Name}}\t{{.Driver}}\t{{.Labels}}', '--filter', 'label=a'])).stdout).toBe('VOLUME NAME   DRIVER    LABELS\ntsctu-v2      local     a=b,c=\n');
    expect((await run(['volume', 'ls', '--filter', 'bogus=1'])).stderr).toBe("invalid filter 'bogus'\n");
  });

  it('inspect prints the engine`s JSON, or a template; a missing volume is an error after the others', async () => {
    expect(ours((await run(['volume', 'inspect', 'tsctu-v2', 'tsctu-v1'])).stdout)).toBe(ours(readFileSync(join(REF, 'vol-inspect.txt'), 'utf8')));
    expect((await run(['volume', 'inspect', '-f', '{{.Name}} {{.Driver}} {{json .Labels}}', 'tsctu-v2'])).stdout).toBe('tsctu-v2 local {"a":"b","c":""}\n');
    expect(await run(['volume', 'inspect', 'nosuch-tsctu'])).toMatchObject({ code: 1, stdout: '[]\n', stderr: 'get nosuch-tsctu: no such volume\n' });
  });

  it('rm removes what is unused, refuses what a container uses, and -f forgives what is missing', async () => {
    const rec = new ProjectRecorder(new ProjectStore(join(root, 'lib', 'projects')), 'p');
    rec.putContainer({
      name: 'p-db-1', id: 'c0ffee', service: 'db', number: 1, oneOff: false, hash: 'h', image: 'i', imageId: 'sha256:1', networks: [], volumes: ['tsctu-v1'],
      anonymousVolumes: [], mounts: [], dependsOn: [], stop: { signal: 'SIGTERM', timeoutSeconds: 10 }, restart: { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: '',
    });
    expect(await run(['volume', 'rm', 'tsctu-v1', 'nosuch-tsctu', 'tsctu-v2'])).toMatchObject({
      code: 1, stdout: 'tsctu-v2\n', stderr: 'remove tsctu-v1: volume is in use - [c0ffee]\nget nosuch-tsctu: no such volume\n',
    });
    expect(await run(['volume', 'rm', '-f', 'nosuch-tsctu'])).toMatchObject({ code: 0, stdout: 'nosuch-tsctu\n' });
  });

  it('prune asks first, removes unused anonymous volumes (all with -a) and reports the space', async () => {
    const anon = (await run(['volume', 'create'])).stdout.trim();
    writeFileSync(join(root, 'lib', 'volumes', anon, '_data', 'f'), 'x'.repeat(1500));
    expect(await run(['volume', 'prune'], 'n\n')).toMatchObject({ code: 1, stderr: 'volume prune has been cancelled\n' });
    expect((await run(['volume', 'prune'], 'y\n')).stdout).toBe(
      `WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Volumes:\n${anon}\n\nTotal reclaimed space: 1.5kB\n`,
    );
    expect((await run(['volume', 'prune', '-f', '--filter', 'label=a', '-a'])).stdout).toBe('Deleted Volumes:\ntsctu-v2\n\nTotal reclaimed space: 0B\n');
    expect((await run(['volume', 'ls', '-q'])).stdout).toBe('tsctu-v1\n');
  });
});

describe('tscompose volumes', () => {
  it('lists the project`s volumes by label, -q their names', async () => {
    writeFileSync(join(root, 'compose.yaml'), 'name: tsctuvp\nservices:\n  db: {image: busybox}\n');
    await run(['volume', 'create', '--label', 'com.docker.compose.project=tsctuvp', 'tsctuvp_data']);
    await run(['volume', 'create', 'other']);
    expect((await run(['volumes'])).stdout).toBe('DRIVER    VOLUME NAME\nlocal     tsctuvp_data\n');
    // Without a compose file -p names the project.
    expect((await run(['-p', 'tsctuvp', '-f', join(root, 'none.yaml'), 'volumes', '-q'])).stdout).toBe('tsctuvp_data\n');
    expect((await run(['volumes', 'nope'])).stderr).toBe('no such service: nope\n');
  });
});
