// The two sides of bench:up and bench:cli, each in a throwaway network
// namespace that plays the host: tscompose with its own TSCOMPOSE_ROOT
// (nsenter --net only, so its mounts stay in the real mount namespace where
// later commands see them), and Docker Compose v2 against a private dockerd
// (lib/private-dockerd.mjs). Both get the same busybox rootfs as their image.
// `compose(args)` runs one command of the tool and returns its wall time in
// ms; `memory(n)` sums the resident memory of what each keeps beside the
// containers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { busyboxRootfs, startPrivateDockerd } from './private-dockerd.mjs';
import { IMAGE } from './stacks.mjs';

const repo = resolve(new URL('../..', import.meta.url).pathname);
/** BENCH_TSCOMPOSE runs another build (a copy, so the tree can be rebuilt while a bench runs). */
export const TSCOMPOSE = process.env.BENCH_TSCOMPOSE ?? join(repo, 'dist', 'tscompose.js');
const rand = () => Math.random().toString(16).slice(2, 8);

/** Runs argv, throwing with its stderr when it fails; the wall time in ms. */
export function timed(argv, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal} after ${Math.round(ms)} ms: ${r.stderr.slice(-2000)}`);
  return ms;
}

/** Every process: pid -> { ppid, rssKiB, cmd, env }. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ');
      let env = '';
      try {
        env = readFileSync(`/proc/${name}/environ`, 'latin1');
      } catch {
        env = '';
      }
      table.set(Number(name), { ppid, rssKiB, cmd, env });
    } catch {
      // Gone while reading.
    }
  }
  return table;
}

/** Proportional set size (KiB): shared pages (Node's or the monitor's text) divided among the processes mapping them. */
function pssKiB(pid) {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The RSS and PSS sums (KiB) of `roots` and, separately, the RSS of all their descendants. */
function rssOf(table, roots) {
  const rootSet = new Set(roots);
  let own = 0;
  let ownPss = 0;
  let below = 0;
  for (const [pid, p] of table) {
    if (rootSet.has(pid)) {
      own += p.rssKiB;
      ownPss += pssKiB(pid);
      continue;
    }
    for (let up = p.ppid; up > 1; up = table.get(up)?.ppid ?? 0) {
      if (rootSet.has(up)) {
        below += p.rssKiB;
        break;
      }
    }
  }
  return { own, ownPss, below };
}

/** Imports the tar as IMAGE and under each of `tags` (examples/hello's image, for one). */
function loadImage(tool, tarFile, env, tags) {
  for (const tag of [IMAGE, ...tags]) {
    if (tool === 'tscompose') execFileSync(TSCOMPOSE, ['image', 'import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["sh"]', tarFile, tag], { env, stdio: 'ignore' });
    else execFileSync('sh', ['-c', `docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' ${tarFile} ${tag}`], { env, stdio: 'ignore' });
  }
}

/** The busybox rootfs as one tar both sides import. */
export function imageTar(work) {
  const rootfs = busyboxRootfs(join(work, 'rootfs'));
  const tar = join(work, 'rootfs.tar');
  execFileSync('tar', ['--numeric-owner', '-C', rootfs, '-cf', tar, '.']);
  return tar;
}

export function tscomposeSide(prefix, tar, tags = []) {
  const ns = `${prefix}-${rand()}`;
  const root = mkdtempSync(join(tmpdir(), `${prefix}-root-`));
  const env = { ...process.env, TSCOMPOSE_ROOT: root };
  execFileSync('ip', ['netns', 'add', ns]);
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  const netns = `/run/netns/${ns}`;
  loadImage('tscompose', tar, env, tags);
  const projects = new Set();
  return {
    name: 'tscompose',
    netns,
    env,
    argv: (file, project, args) => [TSCOMPOSE, '-f', file, '-p', project, ...args],
    compose(file, project, args) {
      projects.add(`${file}\0${project}`);
      return timed(['nsenter', `--net=${netns}`, TSCOMPOSE, '-f', file, '-p', project, ...args], env);
    },
    memory() {
      const table = processTable();
      const mine = [...table].filter(([, p]) => p.env.includes(`TSCOMPOSE_ROOT=${root}\0`) && !p.cmd.startsWith('nsenter'));
      const monitors = mine.filter(([, p]) => p.cmd.includes('tscompose-monitor')).map(([pid]) => pid);
      const supervisors = mine.filter(([, p]) => p.cmd.includes('tscompose-supervisor')).map(([pid]) => pid);
      const m = rssOf(table, monitors);
      const s = rssOf(table, supervisors);
      return { perContainerKiB: m.own, perContainerPssKiB: m.ownPss, sharedKiB: s.own, sharedPssKiB: s.ownPss, containersKiB: m.below, count: monitors.length, daemonsLabel: 'supervisor' };
    },
    async stop() {
      for (const key of projects) {
        const [file, project] = key.split('\0');
        spawnSync('nsenter', [`--net=${netns}`, TSCOMPOSE, '-f', file, '-p', project, 'down', '-t', '1'], { env, stdio: 'ignore' });
      }
      spawnSync('ip', ['netns', 'del', ns]);
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]).filter((m) => m?.startsWith(root));
      for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function dockerSide(prefix, tar, tags = []) {
  const d = await startPrivateDockerd(prefix);
  if (d === undefined) return undefined;
  loadImage('docker', tar, d.env, tags);
  const projects = new Set();
  return {
    name: 'docker compose',
    netns: d.netnsPath,
    env: d.env,
    argv: (file, project, args) => ['docker', 'compose', '-f', file, '-p', project, ...args],
    compose(file, project, args) {
      projects.add(`${file}\0${project}`);
      return timed(['nsenter', `--net=${d.netnsPath}`, 'docker', 'compose', '-f', file, '-p', project, ...args], d.env);
    },
    memory() {
      const table = processTable();
      const shims = [...table].filter(([, p]) => p.cmd.includes('containerd-shim') && p.cmd.includes(d.dir)).map(([pid]) => pid);
      const proxies = [...table].filter(([, p]) => p.cmd.startsWith('docker-proxy') || p.cmd.includes('/docker-proxy ')).filter(([, p]) => p.ppid === d.daemonPid).map(([pid]) => pid);
      const daemons = [d.daemonPid, ...[...table].filter(([, p]) => p.ppid === d.daemonPid && p.cmd.includes('containerd') && !p.cmd.includes('shim')).map(([pid]) => pid)];
      const s = rssOf(table, shims);
      const x = rssOf(table, proxies);
      let daemonKiB = 0;
      let daemonPssKiB = 0;
      for (const pid of daemons) {
        daemonKiB += table.get(pid)?.rssKiB ?? 0;
        daemonPssKiB += pssKiB(pid);
      }
      return { perContainerKiB: s.own + x.own, perContainerPssKiB: s.ownPss + x.ownPss, sharedKiB: daemonKiB, sharedPssKiB: daemonPssKiB, containersKiB: s.below, count: shims.length, daemonsLabel: 'dockerd + containerd' };
    },
    async stop() {
      for (const key of projects) {
        const [file, project] = key.split('\0');
        spawnSync('docker', ['compose', '-f', file, '-p', project, 'down', '-t', '1'], { env: d.env, stdio: 'ignore' });
      }
      spawnSync('docker', ['rmi', '-f', IMAGE, ...tags], { env: d.env, stdio: 'ignore' });
      await d.stop();
    },
  };
}

export const median = (xs) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
export const loadNote = () => `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores`;
