/**
 * Pulls from a real registry (docker-registry on 127.0.0.1) of images that
 * skopeo pushed, compared with umoci's unpacking of the same OCI layout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageStore, pullImage, type ImageStore } from '../../../src/images/index.js';
import { busyboxFixture, writeOciLayout } from '../../support/images/oci-layout.js';
import { registryAvailable, startRegistry, type TestRegistry } from '../../support/images/registry.js';
import { describeTree, toolMissing, withOverlay } from '../../support/images/tree.js';

const skip = registryAvailable() ?? toolMissing('skopeo', 'umoci');

describe.skipIf(skip !== undefined)(`pull from a local registry${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let registry: TestRegistry;
  let work: string;
  let store: ImageStore;

  beforeAll(async () => {
    registry = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'tscti-pull-'));
    // umoci 0.4 reads no zstd: its reference layout is all gzip; the registry gets the zstd one too.
    writeOciLayout(join(work, 'oci'), 'v1', [busyboxFixture('amd64', '', 'gzip')]);
    writeOciLayout(join(work, 'zstd'), 'v1', [busyboxFixture('amd64', '', 'zstd')]);
    writeOciLayout(join(work, 'multi'), 'v1', [busyboxFixture('amd64', 'x86'), busyboxFixture('arm64', 'arm')]);
    const copy = (src: string, dest: string, all = false): void => {
      execFileSync('skopeo', ['copy', '-q', ...(all ? ['--all'] : []), '--dest-tls-verify=false', src, `docker://${registry.host}/${dest}`]);
    };
    copy(`oci:${join(work, 'oci')}:v1`, 'tscti/busybox:v1');
    copy(`oci:${join(work, 'zstd')}:v1`, 'tscti/zstd:v1');
    copy(`oci:${join(work, 'multi')}:v1`, 'tscti/multi:v1', true);
  });

  afterAll(async () => {
    await registry?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('unpacks layers that overlayfs merges into the tree umoci unpacks', async () => {
    store = openImageStore(join(work, 'store'));
    const image = await pullImage(store, `${registry.host}/tscti/busybox:v1`);
    expect(image.layerDirs).toHaveLength(3);
    expect(image.repoTags).toEqual([`${registry.host}/tscti/busybox:v1`]);
    expect(image.config.config?.Cmd).toEqual(['sh']);
    execFileSync('umoci', ['unpack', '--image', `${join(work, 'oci')}:v1`, join(work, 'bundle')]);
    const expected = await describeTree(join(work, 'bundle', 'rootfs'), { mtimes: true });
    const got = await withOverlay(image.layerDirs, (merged) => describeTree(merged, { mtimes: true }));
    expect(got).toEqual(expected);
    expect(got.find((l) => l.startsWith('bin/sh '))).toContain('-> /bin/busybox');
    expect(got.some((l) => l.startsWith('etc/group '))).toBe(false);
  });

  it('unpacks a zstd layer to the same tree as its gzip twin', async () => {
    const fresh = openImageStore(join(work, 'store-zstd'));
    const image = await pullImage(fresh, `${registry.host}/tscti/zstd:v1`);
    const gzipTwin = await store.get(`${registry.host}/tscti/busybox:v1`);
    expect(image.config.rootfs.diff_ids).toEqual(gzipTwin?.config.rootfs.diff_ids);
    expect(await describeTree(image.layerDirs[2] as string, { mtimes: true })).toEqual(await describeTree(gzipTwin?.layerDirs[2] as string, { mtimes: true }));
  });

  it('leaves nothing half-written when a pull is cut off, and redoes it cleanly', async () => {
    const root = join(work, 'store-abort');
    const s = openImageStore(root);
    const ctl = new AbortController();
    const ref = `${registry.host}/tscti/busybox:v1`;
    const cut = pullImage(s, ref, { signal: ctl.signal, onProgress: (e) => e.kind === 'layer' && e.status === 'Downloading' && ctl.abort() });
    await expect(cut).rejects.toThrow();
    expect(await s.list()).toEqual([]);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    for (const l of readdirSync(join(root, 'layers'))) expect(existsSync(join(root, 'layers', l, 'layer.json'))).toBe(true);
    const [a, b] = await Promise.all([pullImage(s, ref), pullImage(s, ref)]);
    expect(a.id).toBe(b.id);
    expect(readdirSync(join(root, 'layers'))).toHaveLength(3);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('two tscompose processes pulling into one store both succeed with one copy of each layer', async () => {
    const root = join(work, 'store-procs');
    const bin = join(import.meta.dirname, '../../../dist/tscompose.js');
    const pull = () =>
      new Promise<number>((resolve) => {
        const c = spawn('node', [bin, 'image', 'pull', '-q', `${registry.host}/tscti/zstd:v1`], { env: { ...process.env, TSCOMPOSE_ROOT: root }, stdio: 'ignore' });
        c.on('exit', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([pull(), pull()])).toEqual([0, 0]);
    expect(readdirSync(join(root, 'lib', 'images', 'layers'))).toHaveLength(3);
    expect(readdirSync(join(root, 'lib', 'images', 'tmp'))).toEqual([]);
    expect(await openImageStore(join(root, 'lib', 'images')).get(`${registry.host}/tscti/zstd:v1`)).toBeDefined();
  });

  it('picks the platform from a multi-platform index', async () => {
    const arm = await pullImage(store, `${registry.host}/tscti/multi:v1`, { platform: 'linux/arm64' });
    expect(arm.config.architecture).toBe('arm64');
    const amd = await pullImage(store, `${registry.host}/tscti/multi:v1`, { platform: 'linux/amd64' });
    expect(amd.config.architecture).toBe('amd64');
    expect(amd.id).not.toBe(arm.id);
  });
});
