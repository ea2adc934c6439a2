/**
 * What only the embedded runtime promises: rlimits clamped with a warning
 * instead of failing, limits the kernel lacks reported, the seccomp cache,
 * hybrid cgroups (hugetlb on the v2 mount), device rules as a BPF program on
 * a real cgroup2 hierarchy, the PID 1 init, errors that name the key or the
 * path, and nothing left behind after delete or a failed create.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { hostCapabilities, makeBundle, PAYLOAD, type Bundle, type OciConfig } from './support/bundle.js';
import { eventually, payloadJson } from './support/oci.js';
import { embeddedBinary } from './support/runtimes.js';
import { eachRuntime } from './support/suite.js';
import { EmbeddedRuntime } from '../../../src/engine/runtime/embedded.js';
import { hostRunner, type CommandRunner } from '../../../src/host/command.js';

interface Report {
  rlimits: Record<string, { soft: number; hard: number }>;
  cgroupLimits: Record<string, string>;
}

const hostHardNofile = (): number => Number(/Max open files\s+\d+\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1]);

const unifiedHugetlb = (): boolean => {
  try {
    return readFileSync('/sys/fs/cgroup/unified/cgroup.controllers', 'utf8').split(/\s+/).includes('hugetlb');
  } catch {
    return false;
  }
};

eachRuntime(
  'embedded runtime',
  (session) => {
    const bundles: Bundle[] = [];
    const bundle = (change?: (c: OciConfig) => void): Bundle => {
      const b = makeBundle(change);
      bundles.push(b);
      return b;
    };
    afterEach(() => {
      for (const b of bundles.splice(0)) b.remove();
    });

    it.skipIf(hostCapabilities().includes('CAP_SYS_RESOURCE'))('clamps an rlimit above its own hard limit, with a warning, instead of failing', () => {
      const s = session();
      const hard = hostHardNofile();
      const b = bundle((c) => (c.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 1048576, hard: 1048576 }]));
      const r = s.run(['run', '-b', b.dir, s.id()]);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain(`RLIMIT_NOFILE: hard limit 1048576 is above the runtime's own hard limit ${hard}`);
      expect(payloadJson<Report>(r.stdout).rlimits.RLIMIT_NOFILE).toEqual({ soft: hard, hard });
    });

    it.skipIf(hostCapabilities().includes('CAP_SYS_RESOURCE'))('keeps the inherited oom_score_adj, with a warning, when lowering it needs CAP_SYS_RESOURCE', () => {
      const s = session();
      const inherited = Number(readFileSync('/proc/self/oom_score_adj', 'utf8'));
      const b = bundle((c) => {
        c.process.oomScoreAdj = inherited - 500 < -1000 ? -1000 : inherited - 500;
        c.process.args = ['/bin/cat', '/proc/self/oom_score_adj'];
      });
      const r = s.run(['run', '-b', b.dir, s.id()]);
      expect(r.status).toBe(0);
      // runc fails the start here ("failed to update /proc/self/oom_score_adj: Permission denied")
      expect(r.stderr).toContain('needs CAP_SYS_RESOURCE; left at');
      expect(Number(r.stdout.trim())).toBe(inherited);
    });

    it('says which limits this kernel cannot apply, and applies the others', () => {
      const s = session();
      const b = bundle((c) => {
        c.linux.resources = { ...c.linux.resources, network: { classID: 42 }, memory: { limit: 33554432, kernel: 1048576 }, blockIO: { weight: 300 } };
      });
      const r = s.run(['run', '-b', b.dir, s.id()]);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('network.classID: the net_cls cgroup is not mounted; not applied');
      expect(r.stderr).toContain('memory.kernel: kernel memory limits are not supported');
      const limits = payloadJson<Report>(r.stdout).cgroupLimits;
      expect(limits['memory/memory.limit_in_bytes']).toBe('33554432');
      // no CFQ on this kernel: the weight goes to BFQ's file
      expect(limits['blkio/blkio.bfq.weight']).toBe('300');
    });

    it.skipIf(!unifiedHugetlb())('puts hugetlb limits on the hybrid host\'s v2 mount', () => {
      const s = session();
      const b = bundle((c) => (c.linux.resources.hugepageLimits = [{ pageSize: '2MB', limit: 4194304 }]));
      const r = s.run(['run', '-b', b.dir, s.id()]);
      expect(r.status, r.stderr).toBe(0);
      expect(payloadJson<Report>(r.stdout).cgroupLimits['unified/hugetlb.2MB.max']).toBe('4194304');
    });

    it('enforces device rules with a BPF program on a real cgroup2 hierarchy', () => {
      const s = session();
      // The v2 mount of this hybrid host is a real cgroup2 filesystem: run the
      // container with it as the only cgroup root, as on a v2 machine.
      const env = { ...process.env, TSCOMPOSE_CGROUP_ROOT: '/sys/fs/cgroup/unified' };
      const b = bundle((c) => (c.process.args = [PAYLOAD, 'probe']));
      const r = s.run(['run', '-b', b.dir, s.id()], { env });
      expect(r.status, r.stderr).toBe(0);
      const p = payloadJson<Record<string, { ok: boolean; errno: string }>>(r.stdout);
      expect(p.mknodBlock?.ok).toBe(true);
      expect(p.openBlock).toEqual({ ok: false, errno: 'EPERM' });
      const ok = s.run(['run', '-b', bundle((c) => (c.process.args = ['/bin/sh', '-c', 'echo x > /dev/null && cat /dev/zero | head -c 3 | wc -c'])).dir, s.id()], { env });
      expect(ok.stdout.trim()).toBe('3');
    });

    it('compiles a seccomp profile once and reuses the cached program', () => {
      const s = session();
      const before = (): string[] => (existsSync(join(s.root, 'seccomp')) ? readdirSync(join(s.root, 'seccomp')) : []);
      const had = before().length;
      // a profile no earlier test used (an unknown syscall name is skipped, but changes the hash)
      const b = bundle((c) => c.linux.seccomp.syscalls.push({ names: [`tsctr_${Date.now()}`], action: 'SCMP_ACT_ERRNO' }));
      const first = s.run(['--debug', 'run', '-b', b.dir, s.id()]);
      expect(first.stderr).toMatch(/seccomp: \d+ instructions, compiled/);
      const cached = before().filter((f) => f.endsWith('.bpf'));
      expect(cached).toHaveLength(had + 1);
      const again = s.run(['--debug', 'run', '-b', b.dir, s.id()]);
      expect(again.stderr).toMatch(/seccomp: \d+ instructions, cached/);
    });

    it('as tscompose-init, reaps orphans and forwards signals', async () => {
      const s = session();
      const withInit = (args: string[]) => (c: OciConfig) => {
        c.mounts.push({ destination: '/sbin/tscompose-init', type: 'bind', source: embeddedBinary, options: ['bind', 'ro'] });
        c.process.args = ['/sbin/tscompose-init', '--', ...args];
      };
      const id = s.id();
      expect(s.run(['run', '-d', '-b', bundle(withInit([PAYLOAD, 'orphans', '4'])).dir, id]).status).toBe(0);
      const zombies = (): number => payloadJson<{ zombies: number }>(s.run(['exec', id, PAYLOAD, 'zombies']).stdout).zombies;
      await eventually(() => zombies() === 0, 5000, 'init to reap the orphans');
      s.run(['delete', '--force', id]);
      // without an init, PID 1 leaves them as zombies
      const bare = s.id();
      expect(s.run(['run', '-d', '-b', bundle((c) => (c.process.args = [PAYLOAD, 'orphans', '4'])).dir, bare]).status).toBe(0);
      const bareZombies = (): number => payloadJson<{ zombies: number }>(s.run(['exec', bare, PAYLOAD, 'zombies']).stdout).zombies;
      await eventually(() => bareZombies() === 4, 5000, 'four zombies');
      s.run(['delete', '--force', bare]);
      // SIGTERM reaches the command through init, which exits with its status
      const trap = s.id();
      expect(s.run(['create', '-b', bundle(withInit([PAYLOAD, 'trap'])).dir, trap]).status).toBe(0);
      expect(s.run(['start', trap]).status).toBe(0);
      const pid = s.state(trap)?.pid as number;
      await eventually(() => existsSync(`/proc/${pid}/task`) && readFileSync(`/proc/${pid}/stat`, 'utf8').includes(' S '), 5000, 'init to wait');
      expect(s.run(['kill', trap, 'TERM']).status).toBe(0);
      await eventually(() => s.state(trap)?.status === 'stopped', 5000, 'the container to stop');
      s.run(['delete', trap]);
    });

    it('run through tscompose-init exits with the command\'s status, 127 when it is missing', () => {
      const s = session();
      const withInit = (args: string[]) => (c: OciConfig) => {
        c.mounts.push({ destination: '/sbin/tscompose-init', type: 'bind', source: embeddedBinary, options: ['bind', 'ro'] });
        c.process.args = ['/sbin/tscompose-init', '--', ...args];
      };
      expect(s.run(['run', '-b', bundle(withInit([PAYLOAD, 'exit', '9'])).dir, s.id()]).status).toBe(9);
      const missing = s.run(['run', '-b', bundle(withInit(['tsctr-nope'])).dir, s.id()]);
      expect(missing.status).toBe(127);
      expect(missing.stdout + missing.stderr).toContain('exec: "tsctr-nope": executable file not found in $PATH');
    });

    it('names the key of a bad config and the path of a failed mount', () => {
      const s = session();
      const bad = bundle((c) => (c.process.user.uid = 'root'));
      const r = s.run(['run', '-b', bad.dir, s.id()]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/config\.json: process\.user\.uid: must be a number, not string \(line \d+\)/);
      const broken = bundle();
      writeFileSync(join(broken.dir, 'config.json'), '{"ociVersion": "1.0.2",\n  "root": {"path": "rootfs"},}');
      expect(s.run(['run', '-b', broken.dir, s.id()]).stderr).toContain('config.json:2:30: invalid JSON: expected a string key');
      const nosrc = bundle((c) => c.mounts.push({ destination: '/x', type: 'bind', source: '/tsctr-no-such-dir', options: ['bind'] }));
      expect(s.run(['run', '-b', nosrc.dir, s.id()]).stderr).toContain(
        'mount /x: stat the source /tsctr-no-such-dir: No such file or directory',
      );
    });

    it('starts, kills and deletes in the engine`s process when that is plain, and leaves the rest to its command line', async () => {
      const s = session();
      const spawned: string[] = [];
      const runner: CommandRunner = { run: (cmd, args, o) => (spawned.push(args.slice(2).join(' ')), hostRunner.run(cmd, args, o)) };
      const rt = new EmbeddedRuntime(embeddedBinary, s.root, runner);
      const id = s.id();
      expect(s.run(['create', '-b', bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000'])).dir, id]).status).toBe(0);
      expect(s.state(id)?.status).toBe('created');
      await rt.start(id);
      expect(s.state(id)?.status).toBe('running');
      expect(existsSync(join(s.root, id, 'exec.fifo'))).toBe(false);
      // Running: a second start goes to the runtime, which says why not.
      await expect(rt.start(id)).rejects.toThrow('cannot start a container that is running');
      spawned.splice(0);
      const record = JSON.parse(readFileSync(join(s.root, id, 'state.json'), 'utf8')) as { pid: number; cgroup: { dirs: Record<string, string> } };
      // Alive: delete without --force is refused by the runtime itself.
      await expect(rt.delete(id)).rejects.toThrow('not stopped');
      expect(spawned).toEqual([`delete ${id}`]);
      await rt.kill(id, 'SIGKILL');
      await eventually(() => s.state(id)?.status === 'stopped', 5000, 'the container to stop');
      await rt.delete(id, { force: true });
      expect(spawned).toEqual([`delete ${id}`]);
      expect(existsSync(join(s.root, id))).toBe(false);
      for (const d of Object.values(record.cgroup.dirs)) expect(existsSync(d)).toBe(false);
      // Gone already: --force says deleted, a kill goes to the runtime to say why not.
      await rt.delete(id, { force: true });
      await expect(rt.kill(id, 'TERM')).rejects.toThrow('does not exist');
      expect(spawned).toEqual([`delete ${id}`, `kill ${id} TERM`]);
    });

    it('leaves no cgroup, state or process behind after delete, nor after a failed create', async () => {
      const s = session();
      const id = s.id();
      const b = bundle((c) => {
        c.process.args = [PAYLOAD, 'sleep', '1000'];
        c.linux.cgroupsPath = `/tsctr-nest-${id}/ctr`;
      });
      expect(s.run(['run', '-d', '-b', b.dir, id]).status).toBe(0);
      const record = JSON.parse(readFileSync(join(s.root, id, 'state.json'), 'utf8')) as { pid: number; cgroup: { dirs: Record<string, string> } };
      const dirs = Object.values(record.cgroup.dirs);
      expect(dirs.length).toBeGreaterThan(5);
      for (const d of dirs) expect(existsSync(d)).toBe(true);
      expect(s.run(['delete', '--force', id]).status).toBe(0);
      for (const d of dirs) {
        expect(existsSync(d)).toBe(false);
        expect(existsSync(join(d, '..'))).toBe(false);
      }
      expect(existsSync(join(s.root, id))).toBe(false);
      // gone once its new parent (init, after the runtime exited) has reaped it
      await eventually(() => !existsSync(`/proc/${record.pid}`), 5000, 'the container process to be reaped');
      const failing = s.id();
      const r = s.run(['run', '-b', bundle((c) => (c.process.args = ['/tsctr-missing'])).dir, failing]);
      expect(r.status).toBe(127);
      expect(existsSync(join(s.root, failing))).toBe(false);
      expect(existsSync(`/sys/fs/cgroup/pids/${failing}`)).toBe(false);
    });

    it('without a mount namespace, says its mounts are not applied and only chroots', () => {
      const s = session();
      const b = bundle((c) => {
        c.linux.namespaces = c.linux.namespaces.filter((n: { type: string }) => n.type !== 'mount');
        c.process.args = ['/bin/cat', '/etc/not-executable'];
      });
      const r = s.run(['run', '-b', b.dir, s.id()]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('no mount namespace, so the container shares the host\'s mounts');
      expect(r.stdout).toBe('plain text\n');
    });

    it('refuses a second container with the same id and keeps the first', () => {
      const s = session();
      const id = s.id();
      const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
      expect(s.run(['create', '-b', b.dir, id]).status).toBe(0);
      const again = s.run(['create', '-b', b.dir, id]);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain(`container "${id}" already exists`);
      expect(s.state(id)?.status).toBe('created');
      expect(s.run(['delete', id]).status).toBe(0);
    });

    it('lists containers and describes its features as JSON', () => {
      const s = session();
      const id = s.id();
      const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
      mkdirSync(join(b.dir, 'unused'));
      expect(s.run(['create', '-b', b.dir, id]).status).toBe(0);
      const list = JSON.parse(s.run(['list', '--format', 'json']).stdout) as { id: string; status: string }[];
      expect(list.find((c) => c.id === id)?.status).toBe('created');
      const features = JSON.parse(s.run(['features']).stdout) as { linux: { namespaces: string[]; seccomp: { enabled: boolean } } };
      expect(features.linux.namespaces).toContain('cgroup');
      expect(features.linux.seccomp.enabled).toBe(true);
      s.run(['delete', id]);
    });
  },
  ['embedded'],
);
