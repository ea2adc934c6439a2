import { describe, expect, it } from 'vitest';
import { ALL_CGROUP_FEATURES } from '../../../../src/engine/spec/context.js';
import type { ContainerDescription } from '../../../../src/engine/spec/description.js';
import { generateSpec, serializeSpec } from '../../../../src/engine/spec/generate.js';
import { context } from './docker-reference.js';

const ID = '0123456789ab'.padEnd(64, 'c');
const base: ContainerDescription = { id: ID, image: { Env: ['PATH=/bin'], Cmd: ['sh'] } };
const gen = (d: Partial<ContainerDescription>, ctx = context()) => generateSpec({ ...base, ...d }, ctx);

describe('generateSpec', () => {
  it('names the container by its short id and puts it under /tscompose by default', () => {
    const { spec } = gen({});
    expect(spec.hostname).toBe('0123456789ab');
    expect(spec.process.env).toContain('HOSTNAME=0123456789ab');
    expect(spec.linux.cgroupsPath).toBe(`/tscompose/${ID}`);
    expect(gen({ cgroupsPath: '/tscte/x' }).spec.linux.cgroupsPath).toBe('/tscte/x');
    expect(gen({ cgroupParent: 'tscte-parent/' }).spec.linux.cgroupsPath).toBe(`/tscte-parent/${ID}`);
  });

  it('rejects an id that is not 64 hex characters', () => {
    expect(() => gen({ id: 'web-1' })).toThrow('container id must be 64 hex characters');
  });

  it('joins namespaces by path, shares the host’s, and adds a cgroup namespace on v2', () => {
    const { spec } = gen({ network: { mode: 'path', path: '/run/netns/tscte-a' }, pid: { mode: 'host' }, ipc: { mode: 'path', path: '/proc/7/ns/ipc' } });
    expect(spec.linux.namespaces).toEqual([{ type: 'mount' }, { type: 'network', path: '/run/netns/tscte-a' }, { type: 'uts' }, { type: 'ipc', path: '/proc/7/ns/ipc' }]);
    expect(gen({ network: { mode: 'host' } }, context({ cgroupMode: 'v2' })).spec.linux.namespaces.map((n) => n.type)).toEqual(['mount', 'uts', 'pid', 'ipc', 'cgroup']);
  });

  it('host network: the host’s hostname and no network sysctls', () => {
    const { spec } = gen({ network: { mode: 'host' } }, context({ hostHostname: 'buildbox' }));
    expect(spec.hostname).toBe('buildbox');
    expect(spec.linux.sysctl).toEqual({});
    expect(() => gen({ network: { mode: 'host' }, sysctls: { 'net.core.somaxconn': '1' } })).toThrow("sysctl 'net.core.somaxconn' is not allowed in host network namespace");
  });

  it('uts host takes no hostname; a hostname with it is a conflict', () => {
    expect(gen({ uts: { mode: 'host' } }).spec.hostname).toBeUndefined();
    expect(() => gen({ uts: { mode: 'host' }, hostname: 'x' })).toThrow('conflicting options: hostname and the UTS mode');
  });

  it('accepts only namespaced sysctls', () => {
    expect(gen({ sysctls: { 'kernel.shmmax': '1', 'fs.mqueue.msg_max': '20' } }).spec.linux.sysctl).toMatchObject({ 'kernel.shmmax': '1', 'fs.mqueue.msg_max': '20' });
    expect(() => gen({ sysctls: { 'vm.swappiness': '1' } })).toThrow("sysctl 'vm.swappiness' is not whitelisted");
    expect(() => gen({ ipc: { mode: 'host' }, sysctls: { 'kernel.sem': '1' } })).toThrow('not allowed with the host IPC namespace');
  });

  it('privileged: all the host can grant, every device, no seccomp, no masked paths, writable /sys', () => {
    const dev = { path: '/dev/kvm', type: 'c' as const, major: 10, minor: 232, fileMode: 0o660, uid: 0, gid: 36 };
    const { spec, warnings } = gen({ privileged: true }, context({ hostDevices: [dev], hostBounding: ['CAP_CHOWN', 'CAP_SYS_ADMIN'] }));
    expect(spec.process.capabilities).toEqual({ bounding: ['CAP_CHOWN', 'CAP_SYS_ADMIN'], effective: ['CAP_CHOWN', 'CAP_SYS_ADMIN'], permitted: ['CAP_CHOWN', 'CAP_SYS_ADMIN'] });
    expect(warnings[0]).toMatch(/^the host cannot grant CAP_DAC_OVERRIDE, /);
    expect(spec.linux.seccomp).toBeUndefined();
    expect(spec.linux.maskedPaths).toBeUndefined();
    expect(spec.linux.readonlyPaths).toBeUndefined();
    expect(spec.linux.devices).toEqual([{ path: '/dev/kvm', type: 'c', major: 10, minor: 232, fileMode: 0o660, uid: 0, gid: 36 }]);
    expect(spec.linux.resources?.devices).toEqual([{ allow: true, access: 'rwm' }]);
    expect(spec.mounts.find((m) => m.destination === '/sys')?.options).toEqual(['nosuid', 'noexec', 'nodev']);
    expect(gen({ privileged: true, securityOpt: ['seccomp=/p.json'] }, context({ seccompProfiles: { '/p.json': { defaultAction: 'SCMP_ACT_LOG' } } })).spec.linux.seccomp).toEqual({
      defaultAction: 'SCMP_ACT_LOG',
      syscalls: [],
    });
  });

  it('a custom profile is rendered for the container’s capabilities and architecture', () => {
    const profile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      archMap: [{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }],
      syscalls: [
        { names: ['read'], action: 'SCMP_ACT_ALLOW' },
        { name: 'ptrace', action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_PTRACE'] } },
        { names: ['cacheflush'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['arm64'] } },
        { names: ['old'], action: 'SCMP_ACT_ALLOW', excludes: { minKernel: '5.0' } },
      ],
    };
    const ctx = context({ arch: 'arm64', kernel: '6.1', seccompProfiles: { '/p.json': profile } });
    const plain = gen({ securityOpt: ['seccomp=/p.json'] }, ctx).spec.linux.seccomp;
    expect(plain).toEqual({ defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'], syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }, { names: ['cacheflush'], action: 'SCMP_ACT_ALLOW' }] });
    const traced = gen({ securityOpt: ['seccomp=/p.json'], capAdd: ['SYS_PTRACE'] }, ctx).spec.linux.seccomp;
    expect(traced?.syscalls?.map((r) => r.names[0])).toEqual(['read', 'ptrace', 'cacheflush']);
    expect(() => gen({ securityOpt: ['seccomp=/missing.json'] })).toThrow('opening seccomp profile (/missing.json) failed');
  });

  it('the default profile follows cap_add: CAP_SYS_ADMIN allows mount and any clone, CAP_SYS_PTRACE allows kcmp', () => {
    const names = (d: Partial<ContainerDescription>): string[] => (gen(d).spec.linux.seccomp?.syscalls ?? []).flatMap((r) => r.names);
    expect(names({})).not.toContain('mount');
    expect(names({})).toContain('clone3');
    expect(names({ capAdd: ['SYS_ADMIN'] })).toEqual(expect.arrayContaining(['mount', 'unshare', 'setns']));
    expect(gen({ capAdd: ['SYS_ADMIN'] }).spec.linux.seccomp?.syscalls?.find((r) => r.names.includes('clone3'))?.action).toBe('SCMP_ACT_ALLOW');
    expect(names({ capAdd: ['SYS_PTRACE'] })).toContain('kcmp');
    expect(names({ capDrop: ['SYS_CHROOT'] })).not.toContain('chroot');
  });

  it('resources: Docker’s swap default, cpus as quota, warnings for what the kernel lacks', () => {
    const mib = 1024 * 1024;
    expect(gen({ memLimit: 64 * mib, cpus: 1.5, pidsLimit: 50, blkioWeight: 300 }).spec.linux.resources).toMatchObject({
      memory: { limit: 64 * mib, swap: 128 * mib },
      cpu: { quota: 150000, period: 100000 },
      pids: { limit: 50 },
      blockIO: { weight: 300 },
    });
    expect(gen({ memLimit: 64 * mib, memswapLimit: -1 }).spec.linux.resources?.memory).toEqual({ limit: 64 * mib, swap: -1 });
    const lacking = context({ cgroupFeatures: { ...ALL_CGROUP_FEATURES, memorySwap: false, blkioWeight: false } });
    const { spec, warnings } = gen({ memLimit: 64 * mib, memswapLimit: 100 * mib, blkioWeight: 300 }, lacking);
    expect(spec.linux.resources?.memory).toEqual({ limit: 64 * mib });
    expect(spec.linux.resources?.blockIO).toBeUndefined();
    expect(warnings).toEqual([
      'Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.',
      'Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.',
    ]);
  });

  it('resources: Docker’s validation messages', () => {
    const mib = 1024 * 1024;
    expect(() => gen({ memLimit: mib })).toThrow('Minimum memory limit allowed is 6MB');
    expect(() => gen({ memLimit: 64 * mib, memswapLimit: 32 * mib })).toThrow('Minimum memoryswap limit should be larger than memory limit');
    expect(() => gen({ memLimit: 64 * mib, memReservation: 128 * mib })).toThrow('can not be less than memory reservation limit');
    expect(() => gen({ cpus: 3 })).toThrow('Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available');
    expect(() => gen({ cpus: 1, cpuQuota: 5000 })).toThrow('Conflicting options');
    expect(() => gen({ blkioWeight: 5 })).toThrow('Range of blkio weight is from 10 to 1000');
    expect(() => gen({ oomScoreAdj: 1001 })).toThrow('range for oom score adj is [-1000, 1000]');
    expect(gen({ oomKillDisable: true }).warnings).toEqual([
      'OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.',
    ]);
  });

  it('user mounts replace default ones at the same place and are ordered parents first', () => {
    const { spec } = gen({
      mounts: [
        { type: 'bind', source: '/srv/a/b', target: '/data/sub', options: ['rbind'] },
        { type: 'bind', source: '/srv/a', target: '/data', options: ['rbind', 'ro'] },
        { type: 'tmpfs', source: 'tmpfs', target: '/dev/shm', options: ['size=1m'] },
      ],
    });
    const dests = spec.mounts.map((m) => m.destination);
    expect(dests.filter((d) => d === '/dev/shm')).toHaveLength(1);
    expect(dests.indexOf('/data')).toBeLessThan(dests.indexOf('/data/sub'));
    expect(spec.mounts.find((m) => m.destination === '/dev/shm')?.options).toEqual(['size=1m']);
  });

  it('ipc host binds the host’s /dev/shm; shm_size sizes the private one', () => {
    expect(gen({ ipc: { mode: 'host' } }).spec.mounts.find((m) => m.destination === '/dev/shm')).toEqual({ destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'rprivate'] });
    expect(gen({ shmSize: 1 << 20 }).spec.mounts.find((m) => m.destination === '/dev/shm')?.options).toContain('size=1048576');
  });

  it('init needs an init binary', () => {
    expect(() => gen({ init: true })).toThrow('init: no init binary is available on this host');
  });

  it('devices: a directory maps every node below it, unknown sources fail', () => {
    const snd = [
      { path: '/dev/snd/pcm0', type: 'c' as const, major: 116, minor: 2, fileMode: 0o660, uid: 0, gid: 29 },
      { path: '/dev/snd/timer', type: 'c' as const, major: 116, minor: 33, fileMode: 0o660, uid: 0, gid: 29 },
    ];
    const { spec } = gen({ devices: [{ source: '/dev/snd', target: '/dev/audio', permissions: 'rw' }] }, context({ devices: { '/dev/snd': snd } }));
    expect(spec.linux.devices?.map((d) => d.path)).toEqual(['/dev/audio/pcm0', '/dev/audio/timer']);
    expect(spec.linux.resources?.devices?.slice(-2)).toEqual([
      { allow: true, type: 'c', major: 116, minor: 2, access: 'rw' },
      { allow: true, type: 'c', major: 116, minor: 33, access: 'rw' },
    ]);
    expect(() => gen({ devices: [{ source: '/dev/nope', target: '/dev/nope', permissions: 'rwm' }] })).toThrow('error gathering device information while adding custom device "/dev/nope"');
  });

  it('warns about AppArmor and SELinux options this host cannot apply', () => {
    expect(gen({ securityOpt: ['apparmor=docker-default', 'label=type:svirt_t', 'label=disable'] }).warnings).toEqual([
      'security_opt apparmor=docker-default: AppArmor is not enabled on this host; no profile is applied',
      'security_opt label=type:svirt_t: SELinux is not supported; the label is not applied',
    ]);
  });

  it('writes unlimited rlimits as 2^64-1', () => {
    const { spec } = gen({ ulimits: { memlock: { soft: -1, hard: -1 } } });
    expect(serializeSpec(spec)).toContain('"hard": 18446744073709551615,\n        "soft": 18446744073709551615');
  });
});
