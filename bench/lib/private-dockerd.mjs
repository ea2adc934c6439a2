// A private dockerd for the benchmarks that compare against Docker: its own
// network namespace (its bridges, veths and iptables rules live there, not on
// the real host), its own mount namespace (sysfs remounted so it sees that
// namespace's links), its own data and exec roots in a temp directory. Another
// engineer's dockerd, or the host's, is never touched. `stop()` removes the
// containers it made, stops the daemon, deletes the namespace and the
// directory, and the cgroup directories dockerd created that were not there
// before. Root only.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const have = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const rand = () => Math.random().toString(16).slice(2, 8);

/** The per-controller `docker` cgroup directories that exist now. */
function dockerCgroups() {
  const found = [];
  for (const base of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    let entries = [];
    try {
      entries = readdirSync(base);
    } catch {
      continue;
    }
    for (const c of entries) if (existsSync(join(base, c, 'docker'))) found.push(join(base, c, 'docker'));
    if (existsSync(join(base, 'docker'))) found.push(join(base, 'docker'));
  }
  return found;
}

/**
 * Starts the daemon and waits until it answers. `prefix` names the namespace
 * and the temp directory (a test-style prefix, so a leak can be traced).
 * Returns undefined when dockerd or the docker CLI is not installed.
 */
export async function startPrivateDockerd(prefix) {
  if (!have('dockerd') || !have('docker')) return undefined;
  const cgroupsBefore = new Set(dockerCgroups());
  const ns = `${prefix}-dock-${rand()}`;
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-dock-`));
  const env = { ...process.env, DOCKER_HOST: `unix://${dir}/docker.sock` };
  writeFileSync(
    join(dir, 'start.sh'),
    `set -e\nmkdir -p ${dir}/cg\nmount --rbind /sys/fs/cgroup ${dir}/cg\nmount -t sysfs sysfs /sys\nmount --rbind ${dir}/cg /sys/fs/cgroup\nip link set lo up\nexec dockerd --data-root ${dir}/data --exec-root ${dir}/exec --pidfile ${dir}/docker.pid -H unix://${dir}/docker.sock\n`,
  );
  execFileSync('ip', ['netns', 'add', ns]);
  const daemon = spawn('nsenter', [`--net=/run/netns/${ns}`, 'unshare', '-m', '--propagation', 'private', 'sh', join(dir, 'start.sh')], { stdio: 'ignore' });
  const docker = (args, opts = {}) => execFileSync('docker', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();
  const stop = async () => {
    const ids = spawnSync('docker', ['ps', '-aq'], { env, encoding: 'utf8' }).stdout?.trim().split('\n').filter(Boolean) ?? [];
    if (ids.length > 0) spawnSync('docker', ['rm', '-f', ...ids], { env, stdio: 'ignore' });
    daemon.kill('SIGTERM');
    await new Promise((ok) => (daemon.exitCode !== null || daemon.signalCode !== null ? ok() : daemon.on('exit', ok)));
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
    for (const cg of dockerCgroups()) {
      if (cgroupsBefore.has(cg)) continue;
      try {
        rmdirSync(cg);
      } catch {
        // Not empty: a container is still there, which the caller's leak check names.
      }
    }
  };
  try {
    for (let i = 0; spawnSync('docker', ['info'], { env, stdio: 'ignore' }).status !== 0; i++) {
      if (i > 300 || daemon.exitCode !== null) throw new Error('the private dockerd did not start');
      await new Promise((ok) => setTimeout(ok, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { env, dir, ns, netnsPath: `/run/netns/${ns}`, daemonPid: daemon.pid, docker, stop };
}

/**
 * A rootfs directory with the host's static busybox and the applets named
 * (all of them when `applets` is omitted), a passwd and group with root and
 * nobody: the same tree both sides of a benchmark import as their image.
 */
export function busyboxRootfs(dir, applets) {
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  for (const d of ['bin', 'etc', 'tmp', 'root', 'var/www', 'proc', 'sys', 'dev']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(busybox, join(dir, 'bin', 'busybox'));
  execFileSync('chmod', ['0755', join(dir, 'bin', 'busybox')]);
  execFileSync('chmod', ['1777', join(dir, 'tmp')]);
  const names = applets ?? execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a !== '' && a !== 'busybox');
  for (const a of names) symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  return dir;
}
