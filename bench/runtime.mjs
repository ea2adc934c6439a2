#!/usr/bin/env node
// npm run bench:runtime — start-to-exit of /bin/true, 50 runs in a row each,
// through the embedded runtime, runc, crun (where it runs) and an `unshare`
// floor, with and without Docker's seccomp profile; then the per-container
// monitor's memory against conmon's. One run, one table, ratios against crun.
//
// crun 1.8 refuses this hybrid cgroup host, so crun is timed inside a private
// mount namespace with /sys/fs/cgroup/unified unmounted (plain v1); the
// embedded runtime is timed there too ("v1 ns" rows), so the crun ratio
// compares the same work, and on the host as users run it. The machine is
// shared and has 2 cores: read medians and ratios, not absolute numbers.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 50);
const embedded = join(root, 'native/build/tscompose-runtime');
const monitor = join(root, 'native/build/tscompose-monitor');
const has = (cmd, args = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

if (process.getuid?.() !== 0) {
  console.log('bench:runtime needs root (it creates containers)');
  process.exit(0);
}
if (!existsSync(embedded)) {
  console.log('native/build/tscompose-runtime is not built: run npm install');
  process.exit(1);
}
if (!has('hyperfine')) {
  console.log('hyperfine is not installed (apt-get install hyperfine)');
  process.exit(1);
}

const work = mkdtempSync('/tmp/tsctr-bench-');
const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));

function bundle(name, change) {
  const dir = join(work, name);
  const rootfs = join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'etc', 'tmp']) mkdirSync(join(rootfs, d), { recursive: true });
  copyFileSync(busybox, join(rootfs, 'bin/busybox'));
  chmodSync(join(rootfs, 'bin/busybox'), 0o755);
  symlinkSync('busybox', join(rootfs, 'bin/true'));
  const config = JSON.parse(readFileSync(join(root, 'test/fixtures/runtime/docker-20.10-default.json'), 'utf8'));
  config.process.args = ['/bin/true'];
  change(config);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

// The research note's baseline: `crun spec` (5 namespaces, 3 capabilities, no seccomp, read-only root).
const minimal = (c) => {
  const caps = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];
  c.process.capabilities = { bounding: caps, effective: caps, permitted: caps, ambient: caps };
  c.process.noNewPrivileges = true;
  delete c.linux.seccomp;
  delete c.linux.sysctl;
  c.linux.resources = {};
  c.root.readonly = true;
};
const configs = [
  ['crun spec (no seccomp)', bundle('minimal', minimal)],
  ['Docker default, no seccomp', bundle('docker-noseccomp', (c) => delete c.linux.seccomp)],
  ['Docker default + seccomp', bundle('docker', () => {})],
];

const crunNs = (cmd) => ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `umount /sys/fs/cgroup/unified 2>/dev/null; exec ${cmd}`];

function hyperfine(command, { wrap, prepare } = {}) {
  const out = join(work, `hf-${Math.random().toString(36).slice(2)}.json`);
  const args = ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', out, ...(prepare ? ['--prepare', prepare] : []), command];
  const quoted = ['hyperfine', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const argv = wrap ? crunNs(quoted) : ['hyperfine', ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || r.stdout).trim().split('\n').slice(-1)[0] };
  const res = JSON.parse(readFileSync(out, 'utf8')).results[0];
  return { median: res.median * 1000, mean: res.mean * 1000, sd: res.stddev * 1000 };
}

const roots = (name) => join(work, `root-${name}`);
const rows = [];
const fmt = (r) => (r.error ? `error: ${r.error}` : `${r.median.toFixed(2)}`);
const sd = (r) => (r.error ? '' : `${r.mean.toFixed(2)} ± ${r.sd.toFixed(2)}`);

const floor = hyperfine('unshare --fork --pid --mount --net --uts --ipc /usr/bin/true');
rows.push({ configuration: '-', runtime: 'unshare floor', 'median ms': fmt(floor), 'mean ± sd': sd(floor), 'vs crun': '' });

for (const [label, dir] of configs) {
  const cmd = (bin, name) => `${bin} --root ${roots(name)} run --bundle ${dir} tsctr-bench-${name}`;
  const measured = [
    ['embedded (host, hybrid)', hyperfine(cmd(embedded, 'e'))],
    ['embedded (v1 ns)', hyperfine(cmd(embedded, 'ev1'), { wrap: true })],
    ...(has('runc') ? [['runc 1.1 (host)', hyperfine(cmd('runc', 'r'))]] : [['runc', { error: 'not installed' }]]),
    ...(has('crun') ? [['crun 1.8 (v1 ns)', hyperfine(cmd('crun', 'c'), { wrap: true })]] : [['crun', { error: 'not installed' }]]),
  ];
  if (label.includes('+ seccomp'))
    measured.splice(1, 0, ['embedded, seccomp cache cold', hyperfine(cmd(embedded, 'ecold'), { prepare: `rm -rf ${roots('ecold')}/seccomp` })]);
  const crun = measured.find(([n]) => n.startsWith('crun'))?.[1];
  for (const [name, r] of measured)
    rows.push({
      configuration: label,
      runtime: name,
      'median ms': fmt(r),
      'mean ± sd': sd(r),
      'vs crun': !r.error && crun && !crun.error ? `${(r.median / crun.median).toFixed(2)}x` : '',
    });
}
console.log(`start-to-exit of /bin/true, ${runs} runs each (hyperfine -N, 3 warmup runs)`);
console.table(rows);

// --- monitor memory: a sleeping container under each monitor ---------------
function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  let pss = NaN;
  try {
    pss = Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]);
  } catch {}
  return { rss, pss };
}

function findPid(pattern) {
  const out = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  return out.length ? Number(out[0]) : undefined;
}

async function until(check, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

async function underMonitor(name, argv, runtime, id, rtRoot) {
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore', detached: true });
  child.unref();
  const state = () => {
    const r = spawnSync(runtime, ['--root', rtRoot, 'state', id], { encoding: 'utf8' });
    return r.status === 0 ? JSON.parse(r.stdout) : undefined;
  };
  try {
    const s = await until(() => state());
    if (!s) return { error: 'the container did not appear' };
    if (s.status === 'created') spawnSync(runtime, ['--root', rtRoot, 'start', id]);
    await until(() => state()?.status === 'running');
    const pid = await until(() => findPid(`${name}.*${id}`));
    if (!pid) return { error: `no ${name} process found` };
    await new Promise((r) => setTimeout(r, 300)); // let it settle into its loop before reading its memory
    return rssOf(pid);
  } finally {
    spawnSync(runtime, ['--root', rtRoot, 'delete', '--force', id]);
    const left = findPid(`${name}.*${id}`);
    if (left) process.kill(left, 'SIGKILL');
  }
}

const sleeper = bundle('sleeper', (c) => {
  minimal(c);
  c.process.args = ['/bin/busybox', 'sleep', '1000'];
});
const mem = [];
if (has('conmon')) {
  const id = 'tsctr-bench-conmon';
  const d = join(work, 'conmon');
  mkdirSync(d);
  const argv = ['conmon', '-c', id, '-u', id, '-n', id, '-r', embedded, '--runtime-arg', '--root', '--runtime-arg', roots('m'),
    '-b', sleeper, '-p', join(d, 'pid'), '-l', `k8s-file:${join(d, 'log')}`, '--exit-dir', d, '--socket-dir-path', d,
    '-P', join(d, 'conmon.pid'), '--persist-dir', d];
  mem.push(['conmon 2.1 (with tscompose-runtime)', await underMonitor('conmon', argv, embedded, id, roots('m'))]);
} else mem.push(['conmon', { error: 'not installed' }]);
if (existsSync(monitor)) {
  const id = 'tsctr-bench-monitor';
  const d = join(work, 'monitor');
  mkdirSync(d);
  const argv = [monitor, '--id', id, '--runtime', embedded, '--runtime-arg', '--root', '--runtime-arg', roots('m'), '--bundle', sleeper, '--dir', d, '--log', join(d, 'log')];
  mem.push(['tscompose-monitor', await underMonitor('tscompose-monitor', argv, embedded, id, roots('m'))]);
} else mem.push(['tscompose-monitor', { error: 'n/a (monitor not built)' }]);
const conmon = mem[0][1];
console.log('\nmonitor memory with one sleeping container (kB; target: under conmon)');
console.table(mem.map(([name, r]) => ({
  monitor: name,
  'RSS kB': r.error ?? r.rss,
  'PSS kB': r.error ? '' : r.pss,
  'vs conmon RSS': !r.error && !conmon.error ? `${(r.rss / conmon.rss).toFixed(2)}x` : '',
})));
rmSync(work, { recursive: true, force: true });
