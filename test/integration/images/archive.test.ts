/**
 * Images moving between docker, skopeo and tscompose: a genuine `docker
 * save` archive loads with docker's image id; what tscompose saves loads
 * back, reads in skopeo as docker-archive and oci-archive, and in docker
 * when a dockerd runs; import builds an image from a rootfs; and a layer
 * directory written back as a tar unpacks to the same tree.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRootfs, layerTarFromDir, loadArchive, openImageStore, saveImages, type ImageStore } from '../../../src/images/index.js';
import { applyLayer } from '../../../src/images/layer/apply-layer.js';
import { decompress } from '../../../src/images/layer/decompress.js';
import { busyboxFixture } from '../../support/images/oci-layout.js';
import { chunked, tarOf } from '../../support/images/layer-builder.js';
import { describeTree, toolMissing } from '../../support/images/tree.js';

const fixtures = join(import.meta.dirname, '../../fixtures/images');
const run = async (cmd: string, args: string[]): Promise<string> => (await promisify(execFile)(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 })).stdout;
const skip = process.getuid?.() !== 0 ? 'needs root' : toolMissing('skopeo', 'umoci');
const dockerUp = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

describe.skipIf(skip !== undefined)(`load, save and import${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let work: string;
  let store: ImageStore;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tscti-archive-'));
    store = openImageStore(join(work, 'store'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('loads a docker save archive with docker image id, tags and links', async () => {
    const loaded = await loadArchive(store, { tar: createReadStream(join(fixtures, 'docker-save.tar')) }, 'docker-save.tar');
    expect(loaded.map((l) => l.message)).toEqual(['Loaded image: tscti-fixture:v1']);
    const image = loaded[0]?.image;
    expect(image?.id).toBe(readFileSync(join(fixtures, 'docker-save.id'), 'utf8').trim());
    expect(image?.config.config?.WorkingDir).toBe('/srv');
    const base = image?.layerDirs[0] as string;
    expect(readlinkSync(join(base, 'bin/hostname-link'))).toBe('/etc/hostname');
    expect(statSync(join(base, 'etc/passwd')).ino).toBe(statSync(join(base, 'etc/passwd.hard')).ino);
  });

  it('saves an archive that loads back, and that skopeo and umoci read', async () => {
    const tar = join(work, 'saved.tar');
    await pipeline(saveImages(store, ['tscti-fixture:v1']), createWriteStream(tar));
    const fresh = openImageStore(join(work, 'fresh'));
    const back = await loadArchive(fresh, { tar: createReadStream(tar) }, 'saved.tar');
    const original = await store.get('tscti-fixture:v1');
    expect(back[0]?.image.id).toBe(original?.id);
    expect(back[0]?.image.repoTags).toEqual(['tscti-fixture:v1']);
    const asDocker = JSON.parse(await run('skopeo', ['inspect', `docker-archive:${tar}`])) as { Layers: string[] };
    expect(asDocker.Layers).toEqual(original?.config.rootfs.diff_ids);
    await run('skopeo', ['copy', '-q', `oci-archive:${tar}`, `oci:${join(work, 'oci')}:v1`]);
    await run('umoci', ['unpack', '--image', `${join(work, 'oci')}:v1`, join(work, 'bundle')]);
    const rootfs = await describeTree(join(work, 'bundle', 'rootfs'));
    expect(rootfs.some((l) => l.startsWith('extra file'))).toBe(true);
    const viaLayout = await loadArchive(openImageStore(join(work, 'from-layout')), { dir: join(work, 'oci') }, 'oci');
    expect(viaLayout[0]?.image.config.rootfs.diff_ids).toEqual(original?.config.rootfs.diff_ids);
  });

  it.skipIf(!dockerUp)(`saves an archive docker load reads with the same id${dockerUp ? '' : ' (skipped: no dockerd answering)'}`, async () => {
    const tar = join(work, 'for-docker.tar');
    await importRootfs(store, chunked(tarOf([{ name: 'tscti', type: 'file', body: 'from tscompose' }])), { source: '-', tag: 'tscti-docker-roundtrip:v1', changes: ['CMD ["/tscti"]'] });
    await pipeline(saveImages(store, ['tscti-docker-roundtrip:v1']), createWriteStream(tar));
    try {
      await run('docker', ['load', '-i', tar]);
      const id = (await run('docker', ['image', 'inspect', 'tscti-docker-roundtrip:v1', '--format', '{{.Id}}'])).trim();
      expect(id).toBe((await store.get('tscti-docker-roundtrip:v1'))?.id);
    } finally {
      spawnSync('docker', ['rmi', '-f', 'tscti-docker-roundtrip:v1'], { stdio: 'ignore' });
    }
  });

  it('imports a rootfs tarball with --change', async () => {
    const image = await importRootfs(store, chunked(tarOf([{ name: 'bin/app', type: 'file', body: 'x', mode: 0o755 }])), {
      source: 'rootfs.tar',
      tag: 'tscti-import:v1',
      changes: ['CMD ["/bin/app", "--serve"]', 'ENV A=1 B="two words"', 'WORKDIR /data', 'ENTRYPOINT /bin/sh', 'EXPOSE 8080', 'USER 1000'],
    });
    expect(image.config.config).toMatchObject({ Cmd: ['/bin/app', '--serve'], Env: ['A=1', 'B=two words'], WorkingDir: '/data', Entrypoint: ['/bin/sh', '-c', '/bin/sh'], ExposedPorts: { '8080/tcp': {} }, User: '1000' });
    expect(image.config.history?.[0]?.comment).toBe('Imported from rootfs.tar');
    expect(image.repoTags).toEqual(['tscti-import:v1']);
  });

  it('writes a layer directory back as a tar that unpacks to the same tree', async () => {
    const fx = busyboxFixture('amd64', 'roundtrip', 'gzip');
    for (const [i, layer] of fx.layers.entries()) {
      const dir = join(work, `layer-${i}`);
      mkdirSync(dir);
      await applyLayer(decompress(chunked(layer.tar)), dir, `fixture ${i}`);
      const again = join(work, `again-${i}`);
      mkdirSync(again);
      await applyLayer(layerTarFromDir(dir), again, `rewritten ${i}`);
      expect(await describeTree(again, { mtimes: true })).toEqual(await describeTree(dir, { mtimes: true }));
    }
  });
});
