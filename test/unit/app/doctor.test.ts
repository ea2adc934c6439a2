import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorHost } from '../../../src/app/doctor/index.js';
import { checkCgroups } from '../../../src/app/doctor/checks-kernel.js';
import { doctorText } from '../../../src/cli/commands/doctor.js';

const STATUS_FULL = 'Name:\tnode\nSeccomp:\t0\nCapBnd:\t000001ffffffffff\n';

/** A healthy host; each test breaks one thing. */
function fakeHost(over: Partial<DoctorHost> = {}, commands: Record<string, { exitCode: number; output: string }> = {}): DoctorHost & { ran: string[] } {
  const ran: string[] = [];
  const files: Record<string, string> = {
    '/proc/filesystems': 'nodev\tproc\nnodev\toverlay\n',
    '/proc/self/status': STATUS_FULL,
    '/proc/sys/net/ipv4/ip_forward': '1\n',
  };
  return {
    ran,
    euid: 0,
    nodeVersion: 'v20.20.2',
    kernelRelease: '6.1.0-13-amd64',
    readFile: (p) => files[p],
    exists: () => true,
    run: async (file, args) => {
      const line = [file, ...args].join(' ');
      ran.push(line);
      return commands[line] ?? commands[file] ?? { exitCode: 0, output: file === 'iptables' ? 'iptables v1.8.9 (nf_tables)\n' : '' };
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
    expect(host.ran.slice(-2)).toEqual(['ip link del tscdoc4242b', 'ip link del tscdoc4242v']);
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

  it('warns when CAP_SYS_RESOURCE is not in the bounding set (this machine) and when forwarding is off', async () => {
    const host = fakeHost({
      readFile: (p) => ({ '/proc/filesystems': 'nodev\toverlay\n', '/proc/self/status': 'Seccomp:\t0\nCapBnd:\t000001fffeffffff\n', '/proc/sys/net/ipv4/ip_forward': '0\n' })[p],
    });
    const v = verdicts(await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') }));
    expect(v.capabilities).toBe('warn');
    expect(v['ip forwarding']).toBe('warn');
  });

  it('fails when the native programs are not built, naming them', async () => {
    const host = fakeHost({ nativeProgram: (n) => (n === 'tscompose-monitor' ? '/x/tscompose-monitor' : undefined) });
    const r = (await runDoctor(host, { cgroupRoot: v2Root('cpu memory pids') })).find((x) => x.name === 'native programs');
    expect(r).toMatchObject({ verdict: 'fail', detail: 'not built: tscompose-runtime tscompose-fsops' });
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
