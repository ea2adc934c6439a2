/**
 * Confinement seen from inside a container with Docker's defaults, for each
 * runtime: no host processes, no mounts, masked paths and /proc/sys not
 * writable, no module loading, exactly Docker's 14 capabilities, seccomp in
 * filter mode. `privileged` lifts all of these.
 */
import { afterEach, expect, it } from 'vitest';
import { DOCKER_CAPS, hostCapabilities, makeBundle, PAYLOAD, privileged, type Bundle, type OciConfig } from './support/bundle.js';
import { payloadJson } from './support/oci.js';
import { eachRuntime } from './support/suite.js';

type Probe = Record<string, { ok: boolean; errno: string }>;
interface Report {
  pid: number;
  processes: number[];
  seccomp: number;
  noNewPrivs: boolean;
  capabilities: Record<string, string[]>;
}

eachRuntime('security from inside', (session) => {
  const bundles: Bundle[] = [];
  afterEach(() => {
    for (const b of bundles.splice(0)) b.remove();
  });
  const inside = <T>(cmd: string, change?: (c: OciConfig) => void): T => {
    const s = session();
    const b = makeBundle((c) => {
      change?.(c);
      c.process.args = [PAYLOAD, cmd];
    });
    bundles.push(b);
    const r = s.run(['run', '-b', b.dir, s.id()]);
    expect(r.status, r.stderr).toBe(0);
    return payloadJson<T>(r.stdout);
  };

  it('sees only its own processes', () => {
    const r = inside<Report>('report');
    expect(r.pid).toBe(1);
    expect(r.processes).toEqual([1]);
  });

  it('has exactly Docker\'s 14 capabilities and seccomp in filter mode', () => {
    const r = inside<Report>('report');
    for (const set of ['bounding', 'effective', 'permitted']) expect([...(r.capabilities[set] ?? [])].sort()).toEqual([...DOCKER_CAPS].sort());
    expect(r.capabilities.inheritable).toEqual([]);
    expect(r.capabilities.ambient).toEqual([]);
    expect(r.seccomp).toBe(2);
  });

  it('cannot mount, unshare, set the hostname, load modules, kexec or set the clock', () => {
    const p = inside<Probe>('probe');
    for (const k of ['mount', 'unshareMount', 'sethostname', 'initModule', 'finitModule', 'kexecLoad', 'setTime'])
      expect({ [k]: p[k] }).toEqual({ [k]: { ok: false, errno: 'EPERM' } });
  });

  it('cannot write /proc/sys or masked paths, nor read masked files, nor open block devices', () => {
    const p = inside<Probe>('probe');
    expect(p.procSys).toEqual({ ok: false, errno: 'EROFS' });
    expect(p.createInProcAcpi).toEqual({ ok: false, errno: 'EROFS' });
    expect(p.createInSysFirmware).toEqual({ ok: false, errno: 'EROFS' });
    expect(p.readKcore?.ok).toBe(false);
    expect(p.readTimerList?.ok).toBe(false);
    // mknod is allowed (CAP_MKNOD, as in Docker) but the device cgroup denies opening
    expect(p.mknodBlock?.ok).toBe(true);
    expect(p.openBlock).toEqual({ ok: false, errno: 'EPERM' });
  });

  it('privileged lifts the restrictions', () => {
    const p = inside<Probe>('probe', privileged);
    for (const k of ['mount', 'unshareMount', 'sethostname', 'procSys', 'readTimerList', 'chroot']) expect({ [k]: p[k]?.ok }).toEqual({ [k]: true });
    const r = inside<Report>('report', privileged);
    expect(r.seccomp).toBe(0);
    expect([...(r.capabilities.bounding ?? [])].sort()).toEqual(hostCapabilities().sort());
  });
});
