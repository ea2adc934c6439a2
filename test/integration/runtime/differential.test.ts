/**
 * The same bundles through the embedded runtime, runc and crun must look the
 * same from inside. Observations are normalized only where a difference is
 * the runtime's name or a deliberate, documented choice:
 * - namespace inode numbers become "private" or "host";
 * - container ids in cgroup paths are blanked;
 * - the embedded runtime also mounts the hybrid host's cgroup2 hierarchy at
 *   /sys/fs/cgroup/unified (runc 1.1 does not), so the container sees the
 *   hugetlb limit it is held to; that mount and its file are left out;
 * - crun runs in a mount namespace without the v2 mount (see runtimes.ts),
 *   so its cgroup view is its own; and crun 1.8 mounts the masked
 *   directories and read-only paths with other options (a "size=0k" tmpfs,
 *   no nosuid/nodev/noexec kept, the host's /dev/null over masked files),
 *   so against crun mounts compare by destination only, while against runc
 *   they compare exactly;
 * - crun adds /dev/core -> /proc/kcore although this kernel has no kcore.
 */
import { readlinkSync } from 'node:fs';
import { expect, it } from 'vitest';
import { makeBundle, PAYLOAD, privileged, type OciConfig } from './support/bundle.js';
import { payloadJson, RuntimeSession } from './support/oci.js';
import { runtimes, type RuntimeName } from './support/runtimes.js';
import { eachRuntime } from './support/suite.js';

type Obs = Record<string, unknown>;

const hostNs = (ns: string): string => readlinkSync(`/proc/self/ns/${ns}`);

function normalize(report: Obs, probe: Obs, rt: RuntimeName): Obs {
  const r = { ...report };
  delete r.pid;
  delete r.ppid;
  r.namespaces = Object.fromEntries(
    Object.entries(report.namespaces as Record<string, string>).map(([k, v]) => [k, v === hostNs(k) ? 'host' : 'private']),
  );
  r.cgroup = rt === 'crun' ? undefined : (report.cgroup as string).replace(/tsctr-[a-z]+-[a-z0-9]+/g, 'ID');
  const mounts = (report.mounts as { destination: string; type: string; options: string; superOptions: string }[])
    .filter((m) => m.destination !== '/sys/fs/cgroup/unified')
    .map((m) => (rt === 'crun' ? { destination: m.destination } : m))
    .sort((a, b) => a.destination.localeCompare(b.destination));
  r.mounts = mounts;
  const limits = { ...(report.cgroupLimits as Record<string, string>) };
  delete limits['unified/hugetlb.2MB.max'];
  r.cgroupLimits = limits;
  const devices = { ...(report.devices as Record<string, string>) };
  delete devices.core;
  r.devices = devices;
  r.env = [...(report.env as string[])].sort();
  r.processes = (report.processes as number[]).length;
  return { report: r, probe };
}

const variants: [string, (c: OciConfig) => void][] = [
  ['Docker default', () => undefined],
  ['privileged', privileged],
  [
    'a user with limits',
    (c) => {
      c.process.user = { uid: 1000, gid: 1000, additionalGids: [5] };
      c.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 256, hard: 512 }];
      c.process.noNewPrivileges = true;
      c.process.capabilities.ambient = ['CAP_NET_BIND_SERVICE'];
      c.process.capabilities.inheritable = ['CAP_NET_BIND_SERVICE'];
      c.linux.resources.memory = { limit: 48 * 1024 * 1024 };
      c.linux.resources.pids = { limit: 32 };
      c.root.readonly = true;
    },
  ],
];

/** Our observations normalized the way another runtime's are. */
function observeAs(ours: Obs, rt: RuntimeName): Obs {
  const r = { ...(ours.report as Obs) };
  r.cgroup = undefined;
  r.mounts = (r.mounts as { destination: string }[]).map((m) => ({ destination: m.destination }));
  void rt;
  return { report: r, probe: ours.probe };
}

function observe(s: RuntimeSession, rt: RuntimeName, change: (c: OciConfig) => void): Obs {
  const out: Obs[] = [];
  for (const cmd of ['report', 'probe']) {
    const b = makeBundle((c) => {
      change(c);
      c.process.args = [PAYLOAD, cmd];
    });
    const r = s.run(['run', '-b', b.dir, s.id()]);
    b.remove();
    expect(r.status, r.stderr).toBe(0);
    out.push(payloadJson(r.stdout));
  }
  return normalize(out[0] as Obs, out[1] as Obs, rt);
}

eachRuntime(
  'differential',
  (session) => {
    const others = runtimes().filter((e) => e.name !== 'embedded' && e.runtime);
    for (const [label, change] of variants) {
      it.skipIf(others.length === 0)(`${label}: the same observations as ${others.map((o) => o.name).join(' and ') || 'no other runtime'}`, () => {
        const ours = observe(session(), 'embedded', change);
        for (const other of others) {
          const s = new RuntimeSession(other.runtime as NonNullable<typeof other.runtime>);
          try {
            const theirs = observe(s, other.name, change);
            const mine = other.name === 'crun' ? observeAs(ours, 'crun') : ours;
            expect({ runtime: other.name, ...theirs }).toEqual({ runtime: other.name, ...mine });
          } finally {
            s.cleanup();
          }
        }
      });
    }
  },
  ['embedded'],
);
