/**
 * OCI image layouts for tests, written by hand (blobs + index.json) so
 * skopeo can copy them to a registry and umoci can unpack them as the
 * reference; and the busybox-static fixture image with every kind of entry
 * the applier must get right.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzip, netRawCapability, tarOf, zstd, type TestEntry } from './layer-builder.js';

export interface FixtureLayer {
  tar: Buffer;
  compression: 'gzip' | 'zstd' | 'none';
}

export interface FixtureImage {
  layers: FixtureLayer[];
  platform: { architecture: string; os: string; variant?: string };
  config?: Record<string, unknown>;
}

function digestOf(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

function putBlob(dir: string, b: Buffer): { digest: string; size: number } {
  const digest = digestOf(b);
  writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), b);
  return { digest, size: b.length };
}

const LAYER_TYPE = { gzip: 'application/vnd.oci.image.layer.v1.tar+gzip', zstd: 'application/vnd.oci.image.layer.v1.tar+zstd', none: 'application/vnd.oci.image.layer.v1.tar' };

function writeImage(dir: string, img: FixtureImage): { digest: string; size: number } {
  const layers = img.layers.map((l) => {
    const data = l.compression === 'gzip' ? gzip(l.tar) : l.compression === 'zstd' ? (zstd(l.tar) as Buffer) : l.tar;
    return { mediaType: LAYER_TYPE[l.compression], ...putBlob(dir, data), diffId: digestOf(l.tar) };
  });
  const config = {
    created: '2024-01-02T03:04:05Z',
    ...img.platform,
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'], WorkingDir: '/', ExposedPorts: { '80/tcp': {} }, Labels: { 'tscti.fixture': 'yes' }, StopSignal: 'SIGTERM' },
    ...img.config,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((_, i) => ({ created: '2024-01-02T03:04:05Z', created_by: `layer ${i}` })),
  };
  const cfg = putBlob(dir, Buffer.from(JSON.stringify(config)));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...cfg },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  };
  return putBlob(dir, Buffer.from(JSON.stringify(manifest)));
}

/** One image, or several as a multi-platform index, tagged `tag` in the layout. */
export function writeOciLayout(dir: string, tag: string, images: readonly FixtureImage[]): void {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const refs = images.map((img) => ({ ...writeImage(dir, img), platform: img.platform }));
  const annotations = { 'org.opencontainers.image.ref.name': tag };
  let top;
  if (images.length === 1) {
    top = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: refs[0]?.digest, size: refs[0]?.size, annotations };
  } else {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: refs.map((r) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...r })) };
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...putBlob(dir, Buffer.from(JSON.stringify(index))), annotations };
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [top] }));
}

const BUSYBOX = '/bin/busybox';

/** Three layers: everything in the first, whiteouts and an opaque dir in the second, a zstd third. */
export function busyboxFixture(arch = 'amd64', marker = '', thirdCompression: FixtureLayer['compression'] = 'zstd'): FixtureImage {
  const bb = readFileSync(BUSYBOX);
  const base: TestEntry[] = [
    { name: 'bin/', type: 'dir' },
    { name: 'bin/busybox', type: 'file', body: bb, mode: 0o755 },
    { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
    { name: 'bin/ls', type: 'link', linkname: 'bin/busybox' },
    { name: 'bin/ping', type: 'file', body: bb.subarray(0, 4096), mode: 0o755, xattrs: new Map([['security.capability', netRawCapability()]]) },
    { name: 'dev/', type: 'dir' },
    { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 },
    { name: 'etc/', type: 'dir' },
    { name: 'etc/passwd', type: 'file', body: 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: 'etc/group', type: 'file', body: 'root:x:0:\n' },
    { name: 'tmp/', type: 'dir', mode: 0o1777 },
    { name: 'usr/bin/suid', type: 'file', body: '#!/bin/sh\n', mode: 0o4755 },
    { name: 'home/user/', type: 'dir', mode: 0o750, uid: 1000, gid: 1000 },
    { name: 'home/user/notes', type: 'file', body: `arch ${arch} ${marker}\n`, uid: 1000, gid: 1000, mode: 0o600 },
    { name: 'var/lib/old/data', type: 'file', body: 'old' },
    { name: 'run/fifo', type: 'fifo', mode: 0o644 },
  ];
  const second: TestEntry[] = [
    { name: 'etc/.wh.group', type: 'file' },
    { name: 'var/lib/.wh..wh..opq', type: 'file' },
    { name: 'var/lib/new/data', type: 'file', body: 'new' },
    { name: 'etc/motd', type: 'file', body: 'second layer\n' },
  ];
  const third: TestEntry[] = [{ name: 'etc/hostname', type: 'file', body: 'tscti\n' }, { name: 'bin/.wh.ping', type: 'file' }];
  return {
    platform: { architecture: arch, os: 'linux', ...(arch === 'arm64' ? { variant: 'v8' } : {}) },
    layers: [
      { tar: tarOf(base), compression: 'gzip' },
      { tar: tarOf(second), compression: 'gzip' },
      { tar: tarOf(third), compression: thirdCompression },
    ],
  };
}
