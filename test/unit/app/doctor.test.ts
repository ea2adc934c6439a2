import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorHost } from '../../../src/app/doctor/index.js';
import { checkCgroups } from '../../../src/app/doctor/checks-kernel.js';
import { doctorText } from '../../../src/cli/commands/doctor.js';

const STATUS_FULL = 'Name:\tnode\nSeccomp:\t0\nCapBnd:\t000001ffffffffff\n';

const RUNTIME = '/opt/tscompose/native/build/tscompose-runtime';

/** A healthy host; each test breaks one thing. Writes land in `files`, so a test sees what a check wrote. */
function fakeHost(
  over: Partial<DoctorHost> = {},
  commands: Record<string, { exitCode: number; output: string }> = {},
  extraFiles: Record<string, string> = {},
): DoctorHost & { ran: string[]; files: Record<string, string> } {
  const ran: string[] = [];
  const files: Record<string, string> = {
    '/proc/filesystems': 'nodev\tproc\nnodev\toverlay\n',
    '/proc/self/status': STATUS_FULL,
    '/proc/sys/net/ipv4/ip_forward': '1\n',
    ...extraFiles,
  };
  const defaults: Record<string, string> = { iptables: 'iptables v1.8.9 (nf_tables)\n', [RUNTIME]: 'tscompose-runtime version 0.1.0\nspec: 1.0.2\n' };
  return {
    ran,
    files,
    euid: 0,
    nodeVersion: 'v20.20.2',
    kernelRelease: '6.1.0-13-amd64',
    readFile: (p) => files[p],
    exists: () => true,
    writable: () => true,
    writeFile: (p, content) => {
      files[p] = content;
      return undefined;
    },
    run: async (file, args) => {
      const line = [file, ...args].join(' ');
      ran.push(line);
      return commands[line] ?? commands[file] ?? { exitCode: 0, output: defaults[file] ?? '' };
    },
    nativeProgram: (n) => `/opt/tscompose/native/build/${n}`,
    freeBytes: () => 50 * 2 ** 30,
    stateDir: '/var/lib/tscompose',
    ...over,
  };
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A cgroup v2 root with the given controllers, as the kernel lays one out. */
function v2Root(controllers: string): string {
  const d = mkdtempSync(join(tmpdir(), 'tsctu-cg-'));
  dirs.push(d);
  writeFileSync(join(d, 'cgroup.controllers'), `${controllers}\n`);
  return d;
}

const verdicts = (rs: Array<{ name: string; verdict: string }>): Record<string, string> => Object.fromEntries(rs.map((r) => [r.name, r.verdict]));

describe('doctor', () => {
  it('passes a healthy v2 host, and makes and removes a real test bridge and veth', async () => {
    const host = fakeHost();
    const results = await runDoctor(host, { cgroupRoot: v2Root('cpuset cpu io memory pids'), pid: 4242 });
    expect(results.filter((r) => r.verdict !== 'ok')).toEqual([]);
    expect(host.ran).toContain('ip link add tscdoc4242b type bridge');
    expect(host.ran).toContain('ip link add tscdoc4242v type veth peer name tscdoc4242vp');
    const links = host.ran.filter((l) => l.startsWith('ip link'));
    expect(links.slice(-2)).toEqual(['ip link del tscdoc4242b', 'ip link del tscdoc4242v']);
    // route_localnet is tried on the test bridge, as the network driver sets it on its own.
    expect(host.files['/proc/sys/net/ipv4/conf/tscdoc4242b/route_localnet']).toBe('1');
    expect(results.map((r) => r.name)).toEqual([
      'node', 'root', 'kernel', 'namespaces', 'cgroups', 'overlayfs', 'seccomp', 'capabilities',
      'iptables', 'bridge, veth', 'route_localnet', 'ip forwarding', 'native programs', 'runtime', 'disk',
    ]);
    expect(results.find((r) => r.name === 'iptables')?.detail).toBe('iptables v1.8.9 (nf_tables): the nft backend');
    expect(results.find((r) => r.name === 'runtime')?.detail).toBe(`tscompose-runtime 0.1.0 (${RUNTIME})`);
  });

  it('fails without root and skips the checks that would only say permission denied', async () => {
    const host = fakeHost({ euid: 1000 });
    const v = verdicts(await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') }));
    expect(v.root).toBe('fail');
    expect(v.iptables).toBeUndefined();
    expect(host.ran.some((l) => l.startsWith('ip link'))).toBe(false);
  });

  it('names a missing iptables with the package to install', async () => {
    const results = await runDoctor(fakeHost({}, { iptables: { exitCode: 127, output: 'not found' } }), { cgroupRoot: v2Root('cpu memory pids') });
    const ipt = results.find((r) => r.name === 'iptables');
    expect(ipt).toMatchObject({ verdict: 'fail', detail: 'not installed' });
    expect(ipt?.hint).toContain('apt-get install iptables');
  });

  it('tries to load overlay before failing, and fails when the kernel has none', async () => {
    const host = fakeHost({ readFile: (p) => (p === '/proc/filesystems' ? 'nodev\tproc\n' : p === '/proc/self/status' ? STATUS_FULL : '1') });
    const overlay = (await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') })).find((r) => r.name === 'overlayfs');
    expect(host.ran).toContain('modprobe overlay');
    expect(overlay?.verdict).toBe('fail');
  });

  it('warns when CAP_SYS_RESOURCE is not in the bounding set (this machine)', async () => {
    const host = fakeHost({}, {}, { '/proc/self/status': 'Seccomp:\t0\nCapBnd:\t000001fffeffffff\n' });
    const v = verdicts(await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') }));
    expect(v.capabilities).toBe('warn');
  });

  it('accepts forwarding off when tscompose can turn it on, and fails when /proc/sys is read-only', async () => {
    const off = { '/proc/sys/net/ipv4/ip_forward': '0\n' };
    const canSet = (await runDoctor(fakeHost({}, {}, off), { cgroupRoot: v2Root('cpu memory pids') })).find((r) => r.name === 'ip forwarding');
    expect(canSet).toMatchObject({ verdict: 'ok', detail: 'off; tscompose turns it on with the first network that is not internal' });
    const readOnly = (await runDoctor(fakeHost({ writable: () => false }, {}, off), { cgroupRoot: v2Root('cpu memory pids') })).find((r) => r.name === 'ip forwarding');
    expect(readOnly).toMatchObject({ verdict: 'fail', detail: 'off, and /proc/sys/net/ipv4/ip_forward is read-only' });
    expect(readOnly?.hint).toContain('sysctl -w net.ipv4.ip_forward=1');
  });

  it('fails route_localnet when the bridge`s key cannot be written (ports on 127.0.0.1 need it)', async () => {
    const host = fakeHost({ writeFile: () => 'EROFS: read-only file system' });
    const r = (await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids'), pid: 7 })).find((x) => x.name === 'route_localnet');
    expect(r).toMatchObject({ verdict: 'fail', detail: 'cannot set /proc/sys/net/ipv4/conf/tscdoc7b/route_localnet: EROFS: read-only file system' });
    expect(host.ran).toContain('ip link del tscdoc7b');
  });

  it('names the legacy backend, and warns when the other backend drops forwarded packets (Docker on the other one)', async () => {
    const legacy = fakeHost({}, { 'iptables --version': { exitCode: 0, output: 'iptables v1.8.9 (legacy)\n' } });
    const ipt = (await runDoctor(legacy, { cgroupRoot: v2Root('cpu memory pids') })).find((r) => r.name === 'iptables');
    expect(ipt).toMatchObject({ verdict: 'ok', detail: 'iptables v1.8.9 (legacy): the legacy backend' });
    expect(legacy.ran).toContain('iptables-nft-save');
    const docker = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -j DOCKER-USER\nCOMMIT\n';
    const mixed = fakeHost({}, { 'iptables-legacy-save': { exitCode: 0, output: docker } });
    const warned = (await runDoctor(mixed, { cgroupRoot: v2Root('cpu memory pids') })).find((r) => r.name === 'iptables');
    expect(warned?.verdict).toBe('warn');
    expect(warned?.detail).toContain('the legacy tables drop forwarded packets too');
    expect(warned?.hint).toContain('update-alternatives --set iptables /usr/sbin/iptables-legacy');
  });

  it('fails when the runtime is built but does not run here, with how to rebuild it', async () => {
    const host = fakeHost({}, { [RUNTIME]: { exitCode: 127, output: 'error while loading shared libraries: libseccomp.so.2\n' } });
    const r = (await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') })).find((x) => x.name === 'runtime');
    expect(r).toMatchObject({ verdict: 'fail', detail: `${RUNTIME} does not run: error while loading shared libraries: libseccomp.so.2` });
    expect(r?.hint).toContain('make -C native');
  });

  it('fails when the native programs are not built, naming them', async () => {
    const host = fakeHost({ nativeProgram: (n) => (n === 'tscompose-monitor' ? '/x/tscompose-monitor' : undefined) });
    const r = (await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') })).find((x) => x.name === 'native programs');
    expect(r).toMatchObject({ verdict: 'fail', detail: 'not built: tscompose-runtime tscompose-fsops tscompose-netns' });
    expect((await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') })).find((x) => x.name === 'runtime')?.verdict).toBe('fail');
  });
});

describe('checkCgroups', () => {
  it('reads a v1 host with a hybrid unified mount and warns about missing controllers', () => {
    const root = mkdtempSync(join(tmpdir(), 'tsctu-cg-'));
    dirs.push(root);
    for (const c of ['cpu', 'memory', 'pids']) {
      mkdirSync(join(root, c));
      writeFileSync(join(root, c, 'cgroup.procs'), '');
    }
    mkdirSync(join(root, 'unified'));
    writeFileSync(join(root, 'unified', 'cgroup.controllers'), 'hugetlb\n');
    expect(checkCgroups(root)).toMatchObject({ verdict: 'warn', detail: 'hybrid (v1, with hugetlb on v2): cpu memory pids; missing freezer devices' });
  });

  it('fails when there is no cgroup hierarchy at all', () => {
    const root = mkdtempSync(join(tmpdir(), 'tsctu-cg-'));
    dirs.push(root);
    expect(checkCgroups(root).verdict).toBe('fail');
  });
});

describe('doctorText', () => {
  it('prints one aligned line per check and the hint under what is not ok', () => {
    expect(
      doctorText([
        { name: 'root', verdict: 'ok', detail: 'running as root' },
        { name: 'iptables', verdict: 'fail', detail: 'not installed', hint: 'apt-get install iptables' },
      ]),
    ).toBe('✔ root      running as root\n✘ iptables  not installed\n            -> apt-get install iptables\n');
  });
});
