/**
 * Auth flows against a real registry (htpasswd basic auth; bearer tokens
 * from a token server after a WWW-Authenticate challenge), push read back
 * by skopeo, and the errors a user sees for a wrong name, tag or password.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

    it('leaves nothing behind when a pull fails', async () => {
      await expect(pullImage(store, `${registry.host}/tscti/multi:v1`, { platform: 'linux/riscv64' })).rejects.toThrow();
      expect(await store.list()).toEqual([]);
    });
  });
});
