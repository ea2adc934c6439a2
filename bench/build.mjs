#!/usr/bin/env node
// npm run bench:build — a 10-step Dockerfile on a busybox base, built cold
// (--no-cache: every step runs) and fully cached (nothing changed) with
// `tscompose build` and with `docker build` (the classic builder,
// DOCKER_BUILDKIT=0) in the same run. The base image is imported into both
// stores first, so neither side pulls. docker runs against the dockerd that
// already answers, else a private one started here (no bridge, no iptables)
// and stopped at the end. 2 shared cores: medians of BENCH_RUNS, read ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dockerEnv } from './lib/plain-dockerd.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = resolve(new URL('..', import.meta.url).pathname);
const tscompose = join(root, 'dist', 'tscompose.js');
const work = mkdtempSync('/tmp/tsctb-bench-build-');
const cleanups = [];
const BASE = 'tsctb-bench-base:1';
const IMAGE = 'tsctb-bench-app:1';

const DOCKERFILE = `FROM ${BASE}
ENV APP_HOME=/srv/app
WORKDIR /srv/app
COPY package.json ./
RUN echo installing && mkdir -p node_modules && cp package.json node_modules/.stamp
COPY src/ ./src/
RUN cat src/*.txt | wc -l > lines.txt
ARG VERSION=1.0
RUN echo "$VERSION" > version.txt && rm -f src/tmp.txt
LABEL org.example.bench=build
CMD ["/bin/sh", "-c", "cat /srv/app/lines.txt"]
`;

function fixture() {
  const rootfs = join(work, 'rootfs');
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (busybox === undefined) throw new Error('needs busybox-static (apt-get install busybox-static)');
  for (const d of ['bin', 'etc', 'tmp', 'root']) mkdirSync(join(rootfs, d), { recursive: true });
  copyFileSync(busybox, join(rootfs, 'bin', 'busybox'));
  chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  for (const a of execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n')) {
    if (a !== '' && a !== 'busybox') symlinkSync('busybox', join(rootfs, 'bin', a));
  }
  writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\n');
  execFileSync('tar', ['-C', rootfs, '--numeric-owner', '-cf', join(work, 'base.tar'), '.']);
  const ctx = join(work, 'ctx');
  mkdirSync(join(ctx, 'src'), { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(ctx, 'package.json'), '{"name":"bench","version":"1.0.0"}\n');
  for (let i = 0; i < 200; i++) writeFileSync(join(ctx, 'src', `f${i}.txt`), `file ${i}\n`.repeat(50));
  writeFileSync(join(ctx, 'compose.yaml'), `name: tsctbbench\nservices:\n  app:\n    image: ${IMAGE}\n    build: .\n`);
  return ctx;
}

function time(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(fn) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(fn(i));
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}

function benchTscompose(ctx) {
  const env = { TSCOMPOSE_ROOT: join(work, 'tsc') };
  // The bin as a user runs it, through its shebang (its V8 flags, NODE_EXTRA_CA_CERTS deferred), not `node dist/tscompose.js`.
  time(tscompose, ['image', 'import', join(work, 'base.tar'), BASE], env);
  const build = (extra) => time(tscompose, ['-f', join(ctx, 'compose.yaml'), 'build', '-q', ...extra], env);
  build([]);
  return { cold: median(() => build(['--no-cache'])), warm: median(() => build([])) };
}

function benchDocker(ctx, env) {
  const denv = { ...env, DOCKER_BUILDKIT: '0' };
  cleanups.push(() => spawnSync('docker', ['rmi', '-f', IMAGE, BASE], { stdio: 'ignore', env: { ...process.env, ...env } }));
  time('docker', ['import', join(work, 'base.tar'), BASE], env);
  const build = (extra) => time('docker', ['build', '-q', '-t', IMAGE, ...extra, ctx], denv);
  build([]);
  return { cold: median(() => build(['--no-cache'])), warm: median(() => build([])) };
}

async function main() {
  const ctx = fixture();
  console.log(`10-step Dockerfile (3 RUN, 2 COPY of 201 files) on a busybox base; ${runs} runs each, medians\n`);
  const tsc = benchTscompose(ctx);
  const env = await dockerEnv(work, cleanups);
  const dk = env === undefined ? undefined : benchDocker(ctx, env);
  if (dk === undefined) console.log('docker build: no dockerd could be started (run ../shared/tools/install-reference-tools.sh)');
  const w = [34, 12, 12];
  const line = (cells) => cells.map((c, i) => String(c).padEnd(w[i])).join('');
  const f = (x) => (x === undefined ? 'n/a' : x.toFixed(0));
  console.log(line(['tool', 'cold ms', 'cached ms']));
  console.log(line(['tscompose build', f(tsc.cold), f(tsc.warm)]));
  console.log(line(['docker build (classic builder)', f(dk?.cold), f(dk?.warm)]));
  if (dk !== undefined) {
    const ratio = dk.warm / tsc.warm;
    console.log(`\ndocker / tscompose: cold ${(dk.cold / tsc.cold).toFixed(2)}x, cached ${ratio.toFixed(2)}x (target: cached at least 3x faster: ${ratio >= 3 ? 'met' : 'NOT met'})`);
  }
  console.log(`node -e 0 takes ${time('node', ['-e', '0'], { NODE_EXTRA_CA_CERTS: '' }).toFixed(0)} ms here; ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} load average on 2 shared cores`);
}

try {
  await main();
} finally {
  for (const c of cleanups.reverse()) c();
  rmSync(work, { recursive: true, force: true });
}
