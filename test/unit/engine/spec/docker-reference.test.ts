/**
 * The generator against what dockerd 20.10 really wrote for the same
 * containers. After normalising host-specific values the configs must be
 * equal except for the documented, deliberate differences: HOME in the
 * environment, current moby's longer masked-path list and seccomp profile.
 */
import { describe, expect, it } from 'vitest';
import { generateSpec } from '../../../../src/engine/spec/generate.js';
import type { OciSeccomp, OciSpec } from '../../../../src/engine/spec/oci.js';
import { dockerConfig, normalize, referenceCases } from './docker-reference.js';

/** What we do differently from dockerd 20.10 on purpose, applied to its config. */
function withOurDifferences(docker: OciSpec, home: string): OciSpec {
  const s = structuredClone(docker);
  s.ociVersion = '1.0.2';
  s.process.env.push(`HOME=${home}`);
  const masked = s.linux.maskedPaths ?? [];
  masked.splice(masked.indexOf('/proc/kcore'), 0, '/proc/interrupts');
  masked.push('/sys/devices/virtual/powercap', '/sys/devices/system/cpu/cpu0/thermal_throttle', '/sys/devices/system/cpu/cpu1/thermal_throttle');
  delete s.linux.seccomp;
  return s;
}

const allowedOutright = (s: OciSeccomp): Set<string> =>
  new Set((s.syscalls ?? []).filter((r) => r.action === 'SCMP_ACT_ALLOW' && r.args === undefined).flatMap((r) => r.names));
const conditional = (s: OciSeccomp): string[] => (s.syscalls ?? []).filter((r) => r.args !== undefined || r.action !== 'SCMP_ACT_ALLOW').map((r) => JSON.stringify(r));

const NEWER_SYSCALLS = [
  'cachestat', 'fchmodat2', 'futex_requeue', 'futex_wait', 'futex_wake', 'getxattrat', 'listmount', 'listxattrat', 'lsm_get_self_attr',
  'lsm_list_modules', 'lsm_set_self_attr', 'map_shadow_stack', 'mseal', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'process_vm_readv',
  'process_vm_writev', 'removexattrat', 'setxattrat', 'statmount', 'uretprobe',
];
const SOCKET_RULES = [
  '{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":38,"op":"SCMP_CMP_LT"}]}',
  '{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":39,"op":"SCMP_CMP_EQ"}]}',
  '{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":40,"op":"SCMP_CMP_GT"}]}',
];

describe('generateSpec against dockerd 20.10', () => {
  for (const c of referenceCases()) {
    it(`${c.name}: same config apart from the documented differences`, () => {
      const { spec, warnings } = generateSpec(c.description, c.ctx);
      const home = c.description.user === undefined ? '/root' : '/home/app';
      const ours = normalize(spec);
      delete ours.linux.seccomp;
      expect(ours).toEqual(normalize(withOurDifferences(dockerConfig(c.name), home)));
      expect(warnings).toEqual([]);
    });
  }

  for (const c of referenceCases().filter((r) => r.name !== 'unconf')) {
    it(`${c.name}: the seccomp profile differs only by io_uring, socket families and newer syscalls`, () => {
      const ours = generateSpec(c.description, c.ctx).spec.linux.seccomp;
      const docker = dockerConfig(c.name).linux.seccomp;
      if (ours === undefined || docker === undefined) throw new Error('both configs must have a seccomp profile');
      expect(ours.defaultAction).toBe(docker.defaultAction);
      expect(ours.defaultErrnoRet).toBe(1);
      expect(ours.architectures).toEqual(docker.architectures);
      const a = allowedOutright(ours);
      const b = allowedOutright(docker);
      expect([...a].filter((n) => !b.has(n)).sort()).toEqual(NEWER_SYSCALLS);
      expect([...b].filter((n) => !a.has(n)).sort()).toEqual(['io_uring_enter', 'io_uring_register', 'io_uring_setup', 'socket']);
      const ca = conditional(ours);
      const cb = conditional(docker);
      expect(ca.filter((r) => !cb.includes(r))).toEqual(SOCKET_RULES);
      expect(cb.filter((r) => !ca.includes(r))).toEqual([]);
    });
  }

  it('unconf: seccomp=unconfined leaves the profile out, as dockerd does', () => {
    const c = referenceCases().find((r) => r.name === 'unconf');
    if (c === undefined) throw new Error('missing case');
    expect(generateSpec(c.description, c.ctx).spec.linux.seccomp).toBeUndefined();
    expect(dockerConfig('unconf').linux.seccomp).toBeUndefined();
  });
});
