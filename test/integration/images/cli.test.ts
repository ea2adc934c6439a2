/**
 * The image commands end to end through the command line (in memory), on a
 * real registry: compose pull/push/images, config --resolve-image-digests,
 * and the `image` group.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../unit/cli/run-cli.js';
import { busyboxFixture, writeOciLayout } from '../../support/images/oci-layout.js';
import { registryAvailable, startRegistry, type TestRegistry } from '../../support/images/registry.js';
import { toolMissing } from '../../support/images/tree.js';

const skip = registryAvailable() ?? toolMissing('skopeo');

describe.skipIf(skip !== undefined)(`image commands${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let registry: TestRegistry;
  let work: string;
  let env: Record<string, string>;
  const run = (argv: string[], stdin = '') => cli(argv, { cwd: work, env, readStdin: () => stdin });

  beforeAll(async () => {
    registry = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'tscti-cli-'));
    env = { TSCOMPOSE_ROOT: join(work, 'root'), HOME: work, TSCOMPOSE_DAEMON_JSON: join(work, 'none.json') };
    writeOciLayout(join(work, 'oci'), 'v1', [busyboxFixture('amd64', 'cli', 'gzip')]);
    execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${join(work, 'oci')}:v1`, `docker://${registry.host}/tscti/web:1.0`]);
    writeFileSync(
      join(work, 'compose.yaml'),
      `name: tscti\nservices:\n  web:\n    image: ${registry.host}/tscti/web:1.0\n  cache:\n    image: ${registry.host}/tscti/web:1.0\n    pull_policy: missing\n  app:\n    build: .\n    image: ${registry.host}/tscti/app:2\n  tool:\n    build: .\n`,
    );
  });

  afterAll(async () => {
    await registry?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('pull prints compose plain progress and skips what cannot be pulled', async () => {
    const r = await run(['pull', 'web', 'cache', 'tool']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(' tool Skipped - No image to be pulled \n');
    expect(r.stderr).toMatch(/ (web|cache) Skipped - Image is already being pulled by (web|cache) \n/);
    expect(r.stderr).toMatch(/ [0-9a-f]{12} Pull complete \n/);
    expect(r.stderr).toMatch(/ (web|cache) Pulled \n/);
    const again = await run(['pull', 'cache']);
    expect(again.stderr).toBe(' cache Skipped - Image is already present locally \n');
  });

  it('pull of an image the registry lacks warns for a buildable service and fails otherwise', async () => {
    const r = await run(['pull', 'app']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(' app Warning manifest for');
    expect(r.stderr).toContain('WARNING: Some service image(s) must be built from source by running:\n    tscompose build app\n');
    writeFileSync(join(work, 'bad.yaml'), `services:\n  x:\n    image: ${registry.host}/tscti/missing:1\n`);
    const bad = await run(['-f', 'bad.yaml', 'pull']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`manifest for ${registry.host}/tscti/missing:1 not found`);
    expect((await run(['-f', 'bad.yaml', 'pull', '--ignore-pull-failures'])).code).toBe(0);
  });

  it('images lists the services images in compose table and json', async () => {
    const table = await run(['images']);
    expect(table.stdout.split('\n')[0]).toMatch(/^CONTAINER\s+REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
    expect(table.stdout).toContain(`${registry.host}/tscti/web   1.0`);
    const json = JSON.parse((await run(['images', '--format', 'json'])).stdout) as Array<{ Repository: string; Tag: string; ID: string }>;
    expect(json.map((i) => [i.Repository, i.Tag])).toEqual([[`${registry.host}/tscti/web`, '1.0']]);
    expect((await run(['images', '-q'])).stdout.trim()).toBe(json[0]?.ID.slice(7));
  });

  it('config --resolve-image-digests pins from the store, then from the registry', async () => {
    const r = await run(['config', '--resolve-image-digests', '--format', 'json', 'web']);
    expect(r.code, r.stderr).toBe(0);
    const pinned = (JSON.parse(r.stdout) as { services: { web: { image: string } } }).services.web.image;
    expect(pinned).toMatch(new RegExp(`^${registry.host}/tscti/web:1\\.0@sha256:[0-9a-f]{64}$`));
    const inspect = JSON.parse(execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/tscti/web:1.0`], { encoding: 'utf8' })) as { Digest: string };
    expect(pinned.endsWith(inspect.Digest)).toBe(true);
    execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${join(work, 'oci')}:v1`, `docker://${registry.host}/tscti/remote:3`]);
    writeFileSync(join(work, 'remote.yaml'), `services:\n  r:\n    image: ${registry.host}/tscti/remote:3\n`);
    const remote = await run(['-f', 'remote.yaml', 'config', '--resolve-image-digests', '--no-interpolate']);
    expect(remote.stdout).toContain(`image: ${registry.host}/tscti/remote:3@${inspect.Digest}`);
    const missing = await run(['-f', 'bad.yaml', 'config', '--resolve-image-digests']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`failed to resolve digest for ${registry.host}/tscti/missing:1`);
  });

  it('push sends the built and named services', async () => {
    expect((await run(['image', 'tag', `${registry.host}/tscti/web:1.0`, `${registry.host}/tscti/app:2`])).code).toBe(0);
    const r = await run(['push']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(' web Skipped \n');
    expect(r.stderr).toMatch(new RegExp(` Pushing ${registry.host}/tscti/app:2: [0-9a-f]{12} (Mounted from tscti/web|Pushed|Layer already exists) `));
    const inspect = execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/tscti/app:2`], { encoding: 'utf8' });
    expect(inspect).toContain('"Architecture": "amd64"');
  });

  it('image ls, inspect, save, rm, load and prune', async () => {
    const ls = await run(['image', 'ls']);
    expect(ls.stdout.split('\n')[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    expect(ls.stdout).toMatch(new RegExp(`${registry.host}/tscti/web\\s+1\\.0\\s+[0-9a-f]{12}\\s+\\S+ \\S+ ago\\s+\\d\\.\\d+MB`));
    const id = (await run(['image', 'inspect', '--format', '{{.Id}}', `${registry.host}/tscti/web:1.0`])).stdout.trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const tar = join(work, 'save.tar');
    expect((await run(['image', 'save', '-o', tar, `${registry.host}/tscti/web:1.0`])).code).toBe(0);
    const rm = await run(['image', 'rm', '-f', id]);
    expect(rm.stdout).toContain(`Deleted: ${id}`);
    expect((await run(['image', 'inspect', id])).stderr).toContain(`No such image: ${id}`);
    expect((await run(['image', 'load', '-i', tar])).stdout).toBe(`Loaded image: ${registry.host}/tscti/web:1.0\n`);
    expect((await run(['image', 'ls', '-q'])).stdout).toBe(`${id.slice(7, 19)}\n`);
    expect((await run(['image', 'prune'], 'n\n')).stdout).toContain('Are you sure you want to continue? [y/N] ');
    const prune = await run(['image', 'prune', '-a', '-f']);
    expect(prune.stdout).toContain(`deleted: ${id}`);
    expect(prune.stdout).toMatch(/Total reclaimed space: \d/);
    expect((await run(['image', 'ls', '-q'])).stdout).toBe('');
  });

  it('refuses bad references and missing arguments clearly', async () => {
    expect((await run(['image', 'pull', 'Bad/Name'])).stderr).toContain('repository name must be lowercase');
    expect((await run(['image', 'rm'])).stderr).toContain('"tscompose image rm" requires at least 1 argument.');
    expect((await run(['image', 'nope'])).stderr).toContain('unknown command "nope" for "tscompose image"');
  });
});
