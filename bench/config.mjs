#!/usr/bin/env node
// npm run bench:config — `tscompose config` against `docker compose config` on
// the same files in the same run. Timings on shared machines are noisy, so
// the table reports medians and the ratio, which is what the targets are about:
// at most 1.3x the reference on the small file, faster on the large one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const root = resolve(new URL('..', import.meta.url).pathname);
const tscompose = join(root, 'dist', 'tscompose.js');

function service(i, n) {
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
  const body = Array.from({ length: n }, (_, i) => service(i, n)).join('');
  writeFileSync(join(dir, 'compose.yaml'), `services:\n${body}volumes:\n  cache: {}\n`);
  return dir;
}

function time(cmd, args, cwd) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: cwd } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { error: `${cmd} exited ${r.status}: ${r.stderr.toString().split('\n')[0]}` };
    if (i > 0) samples.push(ms); // the first run warms the page cache
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0] };
}

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
    const ours = time(process.execPath, [tscompose, 'config', '--format', 'json'], dir);
    const theirs = ref ? time('docker', ['compose', 'config', '--format', 'json'], dir) : undefined;
    const ratio = ours.median && theirs?.median ? ours.median / theirs.median : undefined;
    rows.push({
      case: label,
      'tscompose ms (median)': ours.error ?? ours.median.toFixed(1),
      'docker compose ms (median)': theirs === undefined ? 'n/a' : theirs.error ?? theirs.median.toFixed(1),
      ratio: ratio === undefined ? 'n/a' : ratio.toFixed(2),
      target: `<= ${target}`,
      met: ratio === undefined ? 'n/a' : ratio <= target ? 'yes' : 'NO',
    });
  }
  // The floor under any Node CLI on this machine, for reading the small-file ratio.
  const floor = time(process.execPath, ['-e', '0'], work);
  rows.push({ case: 'node -e 0 (floor)', 'tscompose ms (median)': floor.median.toFixed(1), 'docker compose ms (median)': '', ratio: '', target: '', met: '' });
  console.log(`bench:config, ${runs} runs each, node ${process.version}`);
  console.table(rows);
} finally {
  rmSync(work, { recursive: true, force: true });
}
