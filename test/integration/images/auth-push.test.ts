/**
 * Auth flows against a real registry (htpasswd basic auth; bearer tokens
 * from a token server after a WWW-Authenticate challenge), push read back
 * by skopeo, and the errors a user sees for a wrong name, tag or password.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageStore, pullImage, pushImage, type ImageStore } from '../../../src/images/index.js';
import { busyboxFixture, writeOciLayout } from '../../support/images/oci-layout.js';
import { PASSWORD, registryAvailable, startRegistry, USER, type TestRegistry } from '../../support/images/registry.js';
import { toolMissing } from '../../support/images/tree.js';

const skip = registryAvailable() ?? toolMissing('skopeo');
const creds = `--dest-creds=${USER}:${PASSWORD}`;
// Never execFileSync here: the token server lives in this process and must keep answering.
const run = async (cmd: string, args: string[]): Promise<string> => (await promisify(execFile)(cmd, args, { encoding: 'utf8' })).stdout;

function dockerConfig(dir: string, host: string, auth: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ auths: { [`http://${host}`]: { auth: Buffer.from(auth).toString('base64') } } }));
  return path;
}

describe.skipIf(skip !== undefined)(`registry auth and push${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  const registries: TestRegistry[] = [];
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tscti-auth-'));
    writeOciLayout(join(work, 'oci'), 'v1', [busyboxFixture('amd64', 'auth', 'gzip')]);
  });

  afterAll(async () => {
    for (const r of registries) await r.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  for (const mode of ['htpasswd', 'token'] as const) {
    describe(mode, () => {
      let registry: TestRegistry;
      let store: ImageStore;
      let good: string;
      let bad: string;

      beforeAll(async () => {
        registry = await startRegistry(mode);
        registries.push(registry);
        await run('skopeo', ['copy', '-q', '--dest-tls-verify=false', creds, `oci:${join(work, 'oci')}:v1`, `docker://${registry.host}/tscti/auth:v1`]);
        good = dockerConfig(join(work, mode, 'good'), registry.host, `${USER}:${PASSWORD}`);
        bad = dockerConfig(join(work, mode, 'bad'), registry.host, `${USER}:wrong`);
        store = openImageStore(join(work, mode, 'store'));
      });

      it('pulls with the credentials of the docker config file', async () => {
        const image = await pullImage(store, `${registry.host}/tscti/auth:v1`, { dockerConfigPath: good });
        expect(image.layerDirs).toHaveLength(3);
        if (mode === 'token') expect(registry.tokenRequests.some((q) => q.includes('scope=repository%3Atscti%2Fauth%3Apull'))).toBe(true);
      });

      it('refuses anonymous and wrong credentials with one clear message', async () => {
        await expect(pullImage(store, `${registry.host}/tscti/auth:v1`, { dockerConfigPath: join(work, 'none.json') })).rejects.toThrow(/pull access denied for 127\.0\.0\.1:\d+\/tscti\/auth/);
        await expect(pullImage(store, `${registry.host}/tscti/auth:v1`, { dockerConfigPath: bad })).rejects.toMatchObject({ code: 'E_REGISTRY_AUTH' });
      });

      it('pushes blobs, mounts them across repositories, and skopeo reads the image back', async () => {
        await store.tag(`${registry.host}/tscti/auth:v1`, `${registry.host}/tscti/copy:v2`);
        const events: string[] = [];
        const pushed = await pushImage(store, `${registry.host}/tscti/copy:v2`, { dockerConfigPath: good, onProgress: (e) => e.kind === 'layer' && events.push(e.status) });
        expect(events.filter((s) => s === 'Mounted from')).toHaveLength(3);
        const inspect = JSON.parse(await run('skopeo', ['inspect', '--tls-verify=false', `--creds=${USER}:${PASSWORD}`, `docker://${registry.host}/tscti/copy:v2`])) as { Digest: string; Layers: string[] };
        expect(inspect.Digest).toBe(pushed.digest);
        const image = await store.get(`${registry.host}/tscti/copy:v2`);
        expect(image?.repoDigests).toContain(`${registry.host}/tscti/copy@${pushed.digest}`);
        const again = await pushImage(store, `${registry.host}/tscti/copy:v2`, { dockerConfigPath: good, onProgress: (e) => e.kind === 'layer' && events.push(e.status) });
        expect(again.digest).toBe(pushed.digest);
        expect(events.filter((s) => s === 'Layer already exists')).toHaveLength(3);
      });
    });
  }

  describe('errors', () => {
    let registry: TestRegistry;
    let store: ImageStore;
    beforeAll(async () => {
      registry = await startRegistry('none');
      registries.push(registry);
      store = openImageStore(join(work, 'errors-store'));
    });

    it('names the image for an unknown repository or tag', async () => {
      await expect(pullImage(store, `${registry.host}/tscti/nothing:v1`)).rejects.toThrow(`manifest for ${registry.host}/tscti/nothing:v1 not found`);
    });

    it('names the registry when nothing listens', async () => {
      const port = Number(registry.host.split(':')[1]) + 1;
      await expect(pullImage(store, `127.0.0.1:${port}/tscti/x`)).rejects.toMatchObject({ code: 'E_REGISTRY_UNREACHABLE', message: expect.stringContaining(`127.0.0.1:${port}`) });
    });

    it('refuses a platform the image does not have', async () => {
      await run('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${join(work, 'oci')}:v1`, `docker://${registry.host}/tscti/one:v1`]);
      writeOciLayout(join(work, 'multi'), 'v1', [busyboxFixture('amd64', 'a', 'gzip'), busyboxFixture('arm64', 'b', 'gzip')]);
      await run('skopeo', ['copy', '-q', '--all', '--dest-tls-verify=false', `oci:${join(work, 'multi')}:v1`, `docker://${registry.host}/tscti/multi:v1`]);
      await expect(pullImage(store, `${registry.host}/tscti/multi:v1`, { platform: 'linux/s390x' })).rejects.toThrow(/no matching manifest for linux\/s390x/);
    });

    it('names the media type it does not read', async () => {
      const put = async (path: string, body: Buffer | string, type: string) => {
        const res = await fetch(`http://${registry.host}/v2/tscti/odd/${path}`, { method: 'PUT', body, headers: { 'Content-Type': type } });
        expect(res.status).toBe(201);
      };
      const blob = Buffer.from('not a layer');
      const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: ['sha256:' + '0'.repeat(64)] } }));
      const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
      for (const b of [blob, config]) {
        const start = await fetch(`http://${registry.host}/v2/tscti/odd/blobs/uploads/`, { method: 'POST' });
        const loc = new URL(start.headers.get('location') as string, `http://${registry.host}`);
        loc.searchParams.set('digest', digest(b));
        expect((await fetch(loc, { method: 'PUT', body: b, headers: { 'Content-Type': 'application/octet-stream' } })).status).toBe(201);
      }
      const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length }, layers: [{ mediaType: 'application/vnd.tscti.unknown', digest: digest(blob), size: blob.length }] };
      await put('manifests/v1', JSON.stringify(manifest), 'application/vnd.oci.image.manifest.v1+json');
      await expect(pullImage(store, `${registry.host}/tscti/odd:v1`)).rejects.toMatchObject({ code: 'E_UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/vnd.tscti.unknown') });
    });

    it('says the disk is full, naming the image, and keeps nothing', async () => {
      const small = join(work, 'tscti-full');
      mkdirSync(small);
      await run('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tscti-full', small]);
      try {
        const full = openImageStore(join(small, 'store'));
        await expect(pullImage(full, `${registry.host}/tscti/one:v1`)).rejects.toMatchObject({ code: 'E_DISK_FULL', message: expect.stringContaining(`${registry.host}/tscti/one:v1`) });
        expect(await full.list()).toEqual([]);
        expect(readdirSync(join(small, 'store', 'tmp'))).toEqual([]);
        // Small layers finished before the big one failed stay, whole, as docker keeps them.
        for (const l of readdirSync(join(small, 'store', 'layers'))) expect(readdirSync(join(small, 'store', 'layers', l)).sort()).toEqual(['diff', 'layer.json']);
      } finally {
        await run('umount', [small]);
      }
    });

    it('leaves nothing behind when a pull fails', async () => {
      await expect(pullImage(store, `${registry.host}/tscti/multi:v1`, { platform: 'linux/riscv64' })).rejects.toThrow();
      expect(await store.list()).toEqual([]);
    });
  });
});
