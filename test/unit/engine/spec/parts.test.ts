import { describe, expect, it } from 'vitest';
import { fitToHost, resolveCapabilities } from '../../../../src/engine/spec/capabilities.js';
import { DEFAULT_CAPABILITIES } from '../../../../src/engine/spec/defaults.js';
import { parseDeviceCgroupRule } from '../../../../src/engine/spec/devices.js';
import { buildEnv, replaceOrAppend } from '../../../../src/engine/spec/env.js';
import { mergeTmpfsOptions, parseTmpfsEntry } from '../../../../src/engine/spec/mounts.js';
import { processArgs, rlimits, workingDir } from '../../../../src/engine/spec/process.js';
import { parseSecurityOpt } from '../../../../src/engine/spec/security-opt.js';
import { resolveUser } from '../../../../src/engine/spec/user.js';
import { GROUP, PASSWD } from './docker-reference.js';

const ID = 'a'.repeat(64);

describe('capabilities', () => {
  it('starts from Docker’s 14 and applies drops, then adds, names in any case', () => {
    expect(resolveCapabilities({})).toEqual(DEFAULT_CAPABILITIES);
    const caps = resolveCapabilities({ capAdd: ['sys_admin', 'CAP_NET_ADMIN'], capDrop: ['net_raw', 'CAP_MKNOD'] });
    expect(caps).toEqual([...DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_NET_RAW' && c !== 'CAP_MKNOD'), 'CAP_SYS_ADMIN', 'CAP_NET_ADMIN']);
  });

  it('ALL in cap_add takes every capability but the dropped ones; ALL in cap_drop keeps only the added ones', () => {
    const all = resolveCapabilities({ capAdd: ['ALL'], capDrop: ['SYS_ADMIN'] });
    expect(all).toHaveLength(40);
    expect(all).not.toContain('CAP_SYS_ADMIN');
    expect(resolveCapabilities({ capDrop: ['all'], capAdd: ['chown', 'KILL'] })).toEqual(['CAP_CHOWN', 'CAP_KILL']);
  });

  it('rejects an unknown capability by the name given', () => {
    expect(() => resolveCapabilities({ capAdd: ['SYS_MAGIC'] })).toThrow('cap_add: unknown capability: "SYS_MAGIC"');
  });

  it('privileged gets all 41, and what the host lacks is left out with a warning', () => {
    const warnings: string[] = [];
    const host = resolveCapabilities({ privileged: true }).filter((c) => c !== 'CAP_SYS_RESOURCE');
    const caps = fitToHost(resolveCapabilities({ privileged: true }), host, warnings);
    expect(caps).toHaveLength(40);
    expect(warnings).toEqual(["the host cannot grant CAP_SYS_RESOURCE (not in tscompose's bounding set); the container runs without it"]);
  });
});

describe('user', () => {
  it('resolves names and numbers, with the primary gid first and memberships after', () => {
    expect(resolveUser(undefined, PASSWD, GROUP)).toEqual({ uid: 0, gid: 0, additionalGids: [0], home: '/root' });
    expect(resolveUser('app', PASSWD, GROUP)).toEqual({ uid: 1000, gid: 1000, additionalGids: [1000, 10], home: '/home/app' });
    expect(resolveUser('1000:nogroup', PASSWD, GROUP)).toEqual({ uid: 1000, gid: 65534, additionalGids: [65534], home: '/home/app' });
    expect(resolveUser('4242:4343', PASSWD, GROUP)).toEqual({ uid: 4242, gid: 4343, additionalGids: [4343], home: '/' });
    expect(resolveUser('nobody', PASSWD, GROUP, ['wheel', '777'])).toEqual({ uid: 65534, gid: 65534, additionalGids: [65534, 10, 777], home: '/nonexistent' });
  });

  it('fails on a name that is not in the image, as runc does', () => {
    expect(() => resolveUser('www-data', PASSWD, GROUP)).toThrow('user: unable to find user www-data: no matching entries in passwd file');
    expect(() => resolveUser('app:staff', PASSWD, GROUP)).toThrow('unable to find group staff: no matching entries in group file');
    expect(() => resolveUser('root', PASSWD, GROUP, ['audio'])).toThrow('group_add: unable to find group audio');
  });

  it('runs as root when the image has no passwd file at all', () => {
    expect(resolveUser(undefined, undefined, undefined)).toEqual({ uid: 0, gid: 0, additionalGids: [0], home: '/' });
    expect(resolveUser('1000', undefined, undefined).uid).toBe(1000);
  });
});

describe('environment', () => {
  it('puts PATH, HOSTNAME and TERM first, lets the image and service replace in place, appends HOME', () => {
    expect(buildEnv(['PATH=/bin', 'LANG=C'], ['LANG=de', 'X=1'], 'h', true, '/root')).toEqual(['PATH=/bin', 'HOSTNAME=h', 'TERM=xterm', 'LANG=de', 'X=1', 'HOME=/root']);
    expect(buildEnv([], ['HOME=/srv'], 'h', false, '/root')).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=h', 'HOME=/srv']);
  });

  it('removes a variable named without a value', () => {
    expect(replaceOrAppend(['A=1', 'B=2'], ['A'])).toEqual(['B=2']);
  });
});

describe('process', () => {
  const image = { Entrypoint: ['/entry'], Cmd: ['serve'] };
  it('joins entrypoint and command; a new entrypoint drops the image command', () => {
    expect(processArgs({ id: ID, image })).toEqual(['/entry', 'serve']);
    expect(processArgs({ id: ID, image, command: ['x'] })).toEqual(['/entry', 'x']);
    expect(processArgs({ id: ID, image, entrypoint: ['/bin/sh', '-c'] })).toEqual(['/bin/sh', '-c']);
    expect(processArgs({ id: ID, image, entrypoint: [], command: ['ls'] })).toEqual(['ls']);
    expect(processArgs({ id: ID, image, init: true })).toEqual(['/sbin/docker-init', '--', '/entry', 'serve']);
  });

  it('needs something to run and an absolute working directory', () => {
    expect(() => processArgs({ id: ID, image: {} })).toThrow('command: no command specified');
    expect(() => workingDir({ id: ID, image: {}, workingDir: 'srv' })).toThrow("the working directory 'srv' is invalid, it needs to be an absolute path");
    expect(workingDir({ id: ID, image: { WorkingDir: '/app' } })).toBe('/app');
  });

  it('maps ulimits to RLIMIT_*, clamps hard limits the host cannot raise with a warning', () => {
    const warnings: string[] = [];
    const out = rlimits({ nofile: { soft: 65536, hard: 1048576 }, nproc: { soft: 100, hard: 200 }, memlock: { soft: -1, hard: -1 } }, { RLIMIT_NOFILE: 20000, RLIMIT_MEMLOCK: 8388608 }, warnings);
    expect(out).toEqual([
      { type: 'RLIMIT_NOFILE', hard: 20000, soft: 20000 },
      { type: 'RLIMIT_NPROC', hard: 200, soft: 100 },
      { type: 'RLIMIT_MEMLOCK', hard: 8388608, soft: 8388608 },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe('ulimits.nofile: hard limit 1048576 is above what this host allows (20000, no CAP_SYS_RESOURCE); using 20000');
  });

  it('rejects unknown ulimits and soft above hard', () => {
    expect(() => rlimits({ files: { soft: 1, hard: 1 } }, undefined, [])).toThrow('invalid ulimit type: files');
    expect(() => rlimits({ nofile: { soft: 3, hard: 2 } }, undefined, [])).toThrow('soft limit must be less than or equal to hard limit');
    expect(() => rlimits({ nofile: { soft: -1, hard: 2 } }, undefined, [])).toThrow('soft limit must be less than or equal');
  });
});

describe('tmpfs and device rules', () => {
  it('merges tmpfs options over Docker’s defaults', () => {
    expect(mergeTmpfsOptions(['size=1m', 'mode=1770'])).toEqual(['noexec', 'nosuid', 'nodev', 'rprivate', 'size=1m', 'mode=1770']);
    expect(mergeTmpfsOptions(['exec', 'shared', 'size=1m', 'size=2m'])).toEqual(['exec', 'nosuid', 'nodev', 'shared', 'size=2m']);
    expect(parseTmpfsEntry('/run')).toEqual({ destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'rprivate'] });
    expect(() => parseTmpfsEntry('run:size=1m')).toThrow('tmpfs: invalid mount path run: it must be absolute');
  });

  it('parses device cgroup rules with wildcards', () => {
    expect(parseDeviceCgroupRule('c 42:* rmw')).toEqual({ allow: true, type: 'c', major: 42, minor: -1, access: 'rmw' });
    expect(parseDeviceCgroupRule('a *:* r')).toEqual({ allow: true, type: 'a', major: -1, minor: -1, access: 'r' });
    expect(() => parseDeviceCgroupRule('c 42 rmw')).toThrow("invalid device cgroup format 'c 42 rmw'");
  });
});

describe('security_opt', () => {
  it('reads Docker’s spellings', () => {
    expect(parseSecurityOpt(['no-new-privileges']).noNewPrivileges).toBe(true);
    expect(parseSecurityOpt(['no-new-privileges:false']).noNewPrivileges).toBe(false);
    expect(parseSecurityOpt(['no-new-privileges=true', 'seccomp:unconfined'])).toMatchObject({ noNewPrivileges: true, seccomp: { kind: 'unconfined' } });
    expect(parseSecurityOpt(['seccomp=/etc/p.json', 'label=disable', 'apparmor=unconfined'])).toMatchObject({
      seccomp: { kind: 'file', path: '/etc/p.json' },
      labels: ['disable'],
      apparmor: 'unconfined',
    });
  });

  it('rejects what Docker rejects', () => {
    expect(() => parseSecurityOpt(['no-new-privileges=maybe'])).toThrow('invalid --security-opt: "no-new-privileges=maybe"');
    expect(() => parseSecurityOpt(['privileged'])).toThrow('security_opt: invalid --security-opt: "privileged"');
  });
});
