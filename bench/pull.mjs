#!/usr/bin/env node
// npm run bench:pull — pull a ~200 MB, 5-layer image from a local registry
// (Debian's docker-registry on 127.0.0.1, started here, stopped at the end),
// cold (empty store) and warm (already present), with tscompose, `skopeo
// copy` to an OCI directory and `docker pull`, in the same run. The machine
// is shared and small (2 cores): the table reports medians of BENCH_RUNS runs
// and ratios, which is what the targets are about, and the CPU time (user +
// system) each tool used, which the other engineers' load disturbs less.
// tscompose runs as a user runs it, the bin itself (its shebang gives Node
// its flags and defers NODE_EXTRA_CA_CERTS). Then hyperfine times the
// start-up of `version`, `config` and a warm `pull` against docker compose's.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dockerEnv } from './lib/plain-dockerd.mjs';
import { gzipSync } from 'node:zlib';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const root = resolve(new URL('..', import.meta.url).pathname);
const tscompose = join(root, 'dist', 'tscompose.js');
const work = mkdtempSync(join(tmpdir(), 'tscti-bench-pull-'));
const cleanups = [];

function header(name, size) {
  const b = Buffer.alloc(512);
  const oct = (n, len) => n.toString(8).padStart(len - 1, '0');
  b.write(name, 0);
  b.write(oct(0o644, 8), 100);
  b.write(oct(0, 8), 108);
  b.write(oct(0, 8), 116);
  b.write(oct(size, 12), 124);
  b.write(oct(1_700_000_000, 12), 136);
  b.write('0', 156);
  b.write('ustar\x0000', 257);
  b.fill(' ', 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${oct(sum, 7)}\0`, 148);
  return b;
}

/** A layer of ~48 MB: a few large random files and many small ones, half of them text (compressible). */
function layer(i) {
  const parts = [];
  const add = (name, data) => parts.push(header(name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  for (let f = 0; f < 3; f++) add(`layer${i}/big-${f}.bin`, randomBytes(12 << 20));
  for (let f = 0; f < 300; f++) {
    const text = Buffer.from(`line ${f} of layer ${i}: the quick brown fox jumps over the lazy dog\n`.repeat(600));
    add(`layer${i}/files/f${f}.${f % 2 ? 'txt' : 'bin'}`, f % 2 ? text : randomBytes(text.length));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function writeLayout(dir) {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (b) => {
    const d = sha(b);
    writeFileSync(join(dir, 'blobs', 'sha256', d.slice(7)), b);
    return { digest: d, size: b.length };
  };
  const layers = [];
  const diffIds = [];
  for (let i = 0; i < 5; i++) {
    const tar = layer(i);
    diffIds.push(sha(tar));
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...put(gzipSync(tar, { level: 1 })) });
  }
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: diffIds } })));
  const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers })));
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
  return layers.reduce((n, l) => n + l.size, 0);
}

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function startRegistry() {
  const port = await freePort();
  const cfg = join(work, 'registry.yml');
  writeFileSync(cfg, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(work, 'registry')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', cfg], { stdio: 'ignore' });
  cleanups.push(() => child.kill('SIGKILL'));
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v2/`)).ok) return `127.0.0.1:${port}`;
    } catch {}
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('docker-registry did not start');
}

const cpuMs = [];

/** Wall time in ms; the child's CPU time (user + system, from GNU time) goes to cpuMs. */
function time(cmd, args, opts = {}) {
  opts.before?.();
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...opts.env }, maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, sys] = r.stderr.toString().trim().split('\n').pop().split(' ').map(Number);
  cpuMs.push((user + sys) * 1000);
  return ms;
}

const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall time of `runs` runs, and the median CPU time of the same runs. */
function median(fn) {
  const xs = [];
  const from = cpuMs.length;
  for (let i = 0; i < runs; i++) xs.push(fn(i));
  return { wall: med(xs), cpu: med(cpuMs.slice(from)) };
}

async function main() {
  console.log(`building a 5-layer image in ${work} ...`);
  const size = writeLayout(join(work, 'oci'));
  const host = await startRegistry();
  const ref = `${host}/tscti/bench:v1`;
  execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${join(work, 'oci')}:v1`, `docker://${ref}`]);
  console.log(`image ${ref}: ${(size / 1e6).toFixed(0)} MB compressed in 5 layers; ${runs} runs each, medians\n`);
  const rows = [];
  const storeRoot = (i) => join(work, `tsc-${i}`);
  const tscEnv = (i) => ({ TSCOMPOSE_ROOT: storeRoot(i) });
  // One pull first so the registry's files are in the page cache for every tool alike.
  time(tscompose, ['image', 'pull', '-q', ref], { env: tscEnv('warmup') });
  const tCold = median((i) => time(tscompose, ['image', 'pull', '-q', ref], { env: tscEnv(`cold${i}`), before: () => rmSync(storeRoot(`cold${i}`), { recursive: true, force: true }) }));
  const tWarm = median(() => time(tscompose, ['image', 'pull', '-q', ref], { env: tscEnv('warmup') }));
  rows.push(['tscompose image pull', tCold, tWarm]);
  const inProcess = spawnSync('npx', ['tsx', join(root, 'bench', 'pull-warm.mts'), join(storeRoot('warmup'), 'lib', 'images'), ref], { encoding: 'utf8' });
  const [getMs, pullMs] = inProcess.stdout.trim().split(' ').map(Number);
  const oci = (i) => join(work, `skopeo-${i}`);
  const sCold = median((i) => time('skopeo', ['copy', '-q', '--src-tls-verify=false', `docker://${ref}`, `oci:${oci(i)}:v1`], { before: () => rmSync(oci(i), { recursive: true, force: true }) }));
  const sWarm = median(() => time('skopeo', ['copy', '-q', '--src-tls-verify=false', `docker://${ref}`, `oci:${oci(0)}:v1`]));
  rows.push(['skopeo copy (to OCI dir)', sCold, sWarm]);
  const denv = await dockerEnv(work, cleanups);
  if (denv !== undefined) {
    const rmi = () => spawnSync('docker', ['rmi', '-f', ref], { stdio: 'ignore', env: { ...process.env, ...denv } });
    cleanups.push(rmi);
    const dCold = median(() => time('docker', ['pull', '-q', ref], { before: rmi, env: denv }));
    const dWarm = median(() => time('docker', ['pull', '-q', ref], { env: denv }));
    rows.push(['docker pull', dCold, dWarm]);
  } else {
    rows.push(['docker pull', { wall: NaN, cpu: NaN }, { wall: NaN, cpu: NaN }]);
    console.log('docker: no dockerd could be started');
  }
  const w = [28, 10, 10, 12, 10, 10, 12];
  const line = (cells) => cells.map((c, i) => String(c).padEnd(w[i])).join('');
  console.log(line(['tool', 'cold ms', 'cold CPU', 'tsc / tool', 'warm ms', 'warm CPU', 'tsc / tool']));
  for (const [name, cold, warm] of rows) {
    const f = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(0));
    const r = (x, y) => (Number.isNaN(y) ? 'n/a' : `${(x / y).toFixed(2)}`);
    console.log(line([name, f(cold.wall), f(cold.cpu), r(tCold.wall, cold.wall), f(warm.wall), f(warm.cpu), r(tWarm.wall, warm.wall)]));
  }
  console.log(`\nwarm inside one process (what up pays): store.get ${getMs} ms, pullImage up to date ${pullMs} ms; node -e 0 takes ${time('node', ['-e', '0']).toFixed(0)} ms here`);
  const beats = rows.slice(1).every(([, cold]) => Number.isNaN(cold.wall) || tCold.wall <= cold.wall);
  console.log(`targets: cold at least as fast as skopeo and docker (${beats ? 'met' : 'NOT met'}); warm under 100 ms (CLI ${tWarm.wall < 100 ? 'met' : 'NOT met'}, in-process ${pullMs < 100 ? 'met' : 'NOT met'})`);
  startup(ref, tscEnv('warmup'), denv);
}

/** hyperfine: start-up of version, config and a warm pull, tscompose against docker compose, with `node -e 0` as the floor. */
function startup(ref, env, denv) {
  if (spawnSync('sh', ['-c', 'command -v hyperfine'], { stdio: 'ignore' }).status !== 0) return console.log('\nstart-up: hyperfine is not installed');
  const dir = join(work, 'project');
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yaml'), `services:\n  web:\n    image: ${ref}\n    ports: ["8080:80"]\n    environment: { A: "1" }\n  db:\n    image: ${ref}\n    volumes: [data:/var/lib/db]\nvolumes:\n  data: {}\n`);
  const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  const envs = (e) => Object.entries(e).map(([k, v]) => `${k}=${q(v)}`).join(' ');
  const cases = [
    ['node -e 0 (floor)', 'node -e 0', undefined],
    ['version', `${tscompose} version`, 'docker compose version'],
    ['config -q', `${tscompose} config -q`, 'docker compose config -q'],
    ['pull, image present', `env ${envs(env)} ${tscompose} pull -q`, denv === undefined ? undefined : `env ${envs(denv)} docker compose pull -q`],
    ['image pull, present', `env ${envs(env)} ${tscompose} image pull -q ${ref}`, denv === undefined ? undefined : `env ${envs(denv)} docker pull -q ${ref}`],
  ];
  const json = join(work, 'hyperfine.json');
  const cmds = cases.flatMap(([, a, b]) => (b === undefined ? [a] : [a, b]));
  const r = spawnSync('hyperfine', ['-N', '-w', '3', '-r', String(Number(process.env.BENCH_STARTUP_RUNS ?? 20)), '--export-json', json, ...cmds], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) return console.log('start-up: hyperfine failed');
  const results = new Map(JSON.parse(readFileSync(json, 'utf8')).results.map((x) => [x.command, x]));
  const ms = (c) => (c === undefined ? NaN : results.get(c).median * 1000);
  const cpu = (c) => (c === undefined ? NaN : (results.get(c).user + results.get(c).system) * 1000);
  const w = [24, 14, 10, 18, 10, 10];
  const line = (cells) => cells.map((c, i) => String(c).padEnd(w[i])).join('');
  const f = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(1));
  console.log(`\nstart-up (hyperfine medians; CPU = mean user + system)\n${line(['case', 'tscompose ms', 'CPU', 'docker compose ms', 'CPU', 'ratio'])}`);
  for (const [name, a, b] of cases) console.log(line([name, f(ms(a)), f(cpu(a)), f(ms(b)), f(cpu(b)), b === undefined ? '' : (ms(a) / ms(b)).toFixed(2)]));
}

try {
  await main();
} finally {
  for (const c of cleanups.reverse()) c();
  rmSync(work, { recursive: true, force: true });
}
