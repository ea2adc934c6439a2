#!/usr/bin/env node
// npm run bench:config — `tscompose config` against `docker compose config` on
// the same files in the same run. Timings on shared machines are noisy: the
// tools take turns, run after run, and the table reports medians with the
// spread (25th to 75th percentile) and the ratio, which is what the targets
// are about: at most 1.3x the reference on the small file, faster on the
// large one. tscompose runs as installed (the bin, through its shebang).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const root = resolve(new URL('..', import.meta.url).pathname);
const tscompose = join(root, 'dist', 'tscompose.js');

function service(i) {
  const deps = i > 0 ? `    depends_on:\n      s${i - 1}:\n        condition: service_started\n` : '';
  return `  s${i}:
    image: registry.local/app-${i % 7}:1.${i}
    environment:
      - INDEX=${i}
      - DB_URL=postgres://db:5432/app\${SUFFIX:-}
    ports:
      - "127.0.0.1:${10000 + i}:80"
    volumes:
      - ./data/s${i}:/data
      - cache:/cache
    labels:
      com.example.role: "svc-${i % 3}"
    healthcheck:
      test: ["CMD", "true"]
      interval: 30s
    mem_limit: 256m
${deps}`;
}

function project(dir, n) {
  mkdirSync(dir, { recursive: true });
  const body = Array.from({ length: n }, (_, i) => service(i)).join('');
  writeFileSync(join(dir, 'compose.yaml'), `services:\n${body}volumes:\n  cache: {}\n`);
  return dir;
}

function once(cmd, args, cwd, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: cwd, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().split('\n')[0]}`);
  return ms;
}

/** Runs every command `runs` times, taking turns (after one warm-up round), and returns each one's samples. */
function interleaved(commands, cwd) {
  const samples = commands.map(() => []);
  for (let round = 0; round <= runs; round++) {
    commands.forEach(([cmd, args, env], i) => {
      const ms = once(cmd, args, cwd, env);
      if (round > 0) samples[i].push(ms);
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b));
}

const quantile = (s, q) => s[Math.min(s.length - 1, Math.floor(s.length * q))];
const show = (s) => `${quantile(s, 0.5).toFixed(1)} (${quantile(s, 0.25).toFixed(0)}-${quantile(s, 0.75).toFixed(0)})`;

function hasDockerCompose() {
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
}

const work = mkdtempSync(join(tmpdir(), 'tscompose-bench-'));
try {
  const cases = [['3 services', project(join(work, 'small'), 3), 1.3], ['500 services', project(join(work, 'large'), 500), 1.0]];
  const ref = hasDockerCompose();
  if (!ref) console.log('docker compose not found: run ../shared/tools/install-reference-tools.sh for the comparison');
  const rows = [];
  for (const [label, dir, target] of cases) {
    const commands = [[tscompose, ['config', '--format', 'json']]];
    if (ref) commands.push(['docker', ['compose', 'config', '--format', 'json']]);
    const [ours, theirs] = interleaved(commands, dir);
    const ratio = theirs === undefined ? undefined : quantile(ours, 0.5) / quantile(theirs, 0.5);
    rows.push({
      case: label,
      'tscompose ms': show(ours),
      'docker compose ms': theirs === undefined ? 'n/a' : show(theirs),
      ratio: ratio === undefined ? 'n/a' : ratio.toFixed(2),
      target: `<= ${target}`,
      met: ratio === undefined ? 'n/a' : ratio <= target ? 'yes' : 'NO',
    });
  }
  // The floor under any Node CLI on this machine, for reading the small-file ratio. With
  // NODE_EXTRA_CA_CERTS set, Node 20 parses every root certificate at start-up; the bin defers that.
  const floors = [[process.execPath, ['-e', '0']]];
  if (process.env.NODE_EXTRA_CA_CERTS) floors.push(['env', ['-u', 'NODE_EXTRA_CA_CERTS', process.execPath, '-e', '0']]);
  const [floor, bare] = interleaved(floors, work);
  const blank = { 'docker compose ms': '', ratio: '', target: '', met: '' };
  rows.push({ case: 'node -e 0 (floor)', 'tscompose ms': show(floor), ...blank });
  if (bare !== undefined) rows.push({ case: 'node -e 0, no NODE_EXTRA_CA_CERTS', 'tscompose ms': show(bare), ...blank });
  console.log(`bench:config, ${runs} runs each, interleaved; median (25th-75th percentile); node ${process.version}`);
  console.table(rows);
} finally {
  rmSync(work, { recursive: true, force: true });
}
