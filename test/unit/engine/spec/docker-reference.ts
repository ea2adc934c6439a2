/**
 * The three containers captured from dockerd 20.10 (test/fixtures/engine/
 * docker-20.10/README.md), as container descriptions and host facts, and the
 * normalisation that leaves only what a generator decides: ids, host paths
 * and Docker's own hooks are replaced by placeholders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecContext } from '../../../../src/engine/spec/context.js';
import type { ContainerDescription } from '../../../../src/engine/spec/description.js';
import type { OciSpec } from '../../../../src/engine/spec/oci.js';

const dir = join(import.meta.dirname, '../../../fixtures/engine/docker-20.10');

export const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:1000:1000:app:/home/app:/bin/sh\n';
export const GROUP = 'root:x:0:\nwheel:x:10:app\napp:x:1000:\nnogroup:x:65534:\n';

export function dockerConfig(name: string): OciSpec {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as OciSpec;
}

function idOf(spec: OciSpec): string {
  return (spec.linux.cgroupsPath ?? '').split('/').pop() ?? '';
}

export function context(extra: Partial<SpecContext> = {}): SpecContext {
  return {
    rootfs: '/ROOTFS',
    etcFiles: { resolvConf: '/ETC/resolv.conf', hostname: '/ETC/hostname', hosts: '/ETC/hosts' },
    passwd: PASSWD,
    group: GROUP,
    cgroupMode: 'v1',
    arch: 'amd64',
    kernel: '6.18',
    cpuCount: 2,
    ...extra,
  };
}

const image = { Env: ['PATH=/bin'] };

export function referenceCases(): Array<{ name: string; description: ContainerDescription; ctx: SpecContext }> {
  const id = (n: string): string => idOf(dockerConfig(n));
  return [
    { name: 'default', description: { id: id('default'), image, command: ['sleep', '1000'] }, ctx: context() },
    {
      name: 'opts',
      description: {
        id: id('opts'),
        image,
        command: ['sleep', '1000'],
        capAdd: ['SYS_ADMIN'],
        capDrop: ['NET_RAW'],
        readOnly: true,
        tmpfs: ['/run:size=1m,mode=1770'],
        ulimits: { nofile: { soft: 1024, hard: 2048 } },
        sysctls: { 'net.core.somaxconn': '1024' },
        shmSize: 128 * 1024 * 1024,
        memLimit: 64 * 1024 * 1024,
        memswapLimit: 128 * 1024 * 1024,
        memReservation: 32 * 1024 * 1024,
        cpus: 0.5,
        cpuShares: 512,
        cpuset: '0',
        pidsLimit: 100,
        oomScoreAdj: 100,
        groupAdd: ['10'],
        user: '1000:1000',
        workingDir: '/tmp',
        hostname: 'h1',
        domainname: 'example.com',
        tty: true,
        stdinOpen: true,
        securityOpt: ['no-new-privileges'],
        init: true,
        devices: [{ source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' }],
        deviceCgroupRules: ['c 42:* rmw'],
        oomKillDisable: true,
        ipc: { mode: 'shareable' },
        env: ['FOO=bar'],
      },
      ctx: context({
        shmPath: '/SHM',
        init: { source: '/usr/bin/docker-init', destination: '/sbin/docker-init' },
        devices: { '/dev/fuse': [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o600, uid: 0, gid: 0 }] },
      }),
    },
    { name: 'unconf', description: { id: id('unconf'), image, command: ['sleep', '1000'], securityOpt: ['seccomp=unconfined'], user: 'app' }, ctx: context() },
  ];
}

/** Replaces what differs by host or run (ids, paths, Docker's network hook) and drops Go's zero values. */
export function normalize(spec: OciSpec): OciSpec {
  const s = structuredClone(spec);
  const id = idOf(s);
  s.root.path = '/ROOTFS';
  delete s.hooks;
  s.linux.cgroupsPath = '/CGROUP';
  const etc = /\/(resolv\.conf|hostname|hosts)$/;
  for (const m of s.mounts) {
    if (m.type === 'bind' && m.destination.startsWith('/etc/') && etc.test(m.source ?? '')) m.source = `/ETC/${m.destination.slice(5)}`;
    if (m.destination === '/dev/shm' && m.type === 'bind') m.source = '/SHM';
    if (m.source?.includes(id) === true) m.source = m.source.replace(id, 'ID');
  }
  const r = s.linux.resources;
  if (r?.memory?.disableOOMKiller === false) delete r.memory.disableOOMKiller;
  if (r?.memory !== undefined && Object.keys(r.memory).length === 0) delete r.memory;
  if (r?.cpu?.shares === 0) delete r.cpu.shares;
  if (r?.cpu !== undefined && Object.keys(r.cpu).length === 0) delete r.cpu;
  if (r?.blockIO?.weight === 0) delete r.blockIO;
  return s;
}
