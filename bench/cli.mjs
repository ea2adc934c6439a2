#!/usr/bin/env node
// npm run bench:cli — latency of `ps`, `exec SERVICE true` and
// `logs --tail 10 SERVICE` on a running 50-service project: tscompose
// against Docker Compose v2 with a private dockerd, in the same run, each
// command timed by hyperfine (no shell, warm-up runs first). Both projects
// run in throwaway network namespaces with their own state (lib/sides.mjs).
// Root only.   BENCH_RUNS=15
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { independentStack, writeStack } from './lib/stacks.mjs';
import { dockerSide, imageTar, loadNote, tscomposeSide } from './lib/sides.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 15);
if (process.getuid?.() !== 0) {
  console.error('bench:cli needs root (namespaces, cgroups, bridges, iptables)');
  process.exit(1);
}
if (spawnSync('sh', ['-c', 'command -v hyperfine'], { stdio: 'ignore' }).status !== 0) {
  console.error('bench:cli needs hyperfine (apt-get install hyperfine)');
  process.exit(1);
}

const COMMANDS = [
  ['ps', ['ps']],
  ['exec -T s7 true', ['exec', '-T', 's7', 'true']],
  ['logs --tail 10 s7', ['logs', '--tail', '10', 's7']],
];

/** Median and mean wall time of `runs` runs of argv, and the mean CPU time (user + system), in seconds, by hyperfine. */
function hyperfine(work, argv, env) {
  const out = join(work, `hf-${Math.random().toString(16).slice(2)}.json`);
  const cmd = argv.map((a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  execFileSync('hyperfine', ['-N', '--warmup', '2', '--runs', String(runs), '--export-json', out, cmd], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const r = JSON.parse(readFileSync(out, 'utf8')).results[0];
  return { median: r.median, mean: r.mean, cpu: r.user + r.system };
}

const work = mkdtempSync(join(tmpdir(), 'tsctus-bench-'));
const file = writeStack(work, 'fifty', independentStack(50));
const project = 'tsctus-bench-cli';
const tar = imageTar(work);
const sides = [];
try {
  sides.push(tscomposeSide('tsctus-bench', tar));
  const dk = await dockerSide('tsctus-bench', tar);
  if (dk === undefined) console.log('dockerd not found: run ../shared/tools/install-reference-tools.sh for the comparison');
  else sides.push(dk);
  for (const side of sides) side.compose(file, project, ['up', '-d', '--wait']);
  const rows = [];
  for (const [label, args] of COMMANDS) {
    const [t, d] = sides.map((side) => hyperfine(work, side.argv(file, project, args), side.env));
    const ratio = d === undefined ? undefined : d.median / t.median;
    rows.push({
      command: label,
      'tscompose median': `${(t.median * 1000).toFixed(0)} ms`,
      'tscompose CPU': `${(t.cpu * 1000).toFixed(0)} ms`,
      'docker compose median': d === undefined ? 'n/a' : `${(d.median * 1000).toFixed(0)} ms`,
      // The docker CLI's only: dockerd and containerd do their part in their own processes.
      'docker compose CPU': d === undefined ? 'n/a' : `${(d.cpu * 1000).toFixed(0)} ms`,
      'docker/tscompose': ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}x`,
      'target >= 3x': ratio === undefined ? '' : ratio >= 3 ? 'yes' : 'NO',
    });
  }
  console.log(`\nbench:cli, ${new Date().toISOString().slice(0, 10)}, 50 running services, medians of ${runs} runs each (hyperfine -N, 2 warm-up); node ${process.version}; ${loadNote()}: compare ratios`);
  console.table(rows);
  // As the bin starts Node: without NODE_EXTRA_CA_CERTS (scripts/build.mjs).
  const floor = hyperfine(work, ['node', '-e', '0'], { ...process.env, NODE_EXTRA_CA_CERTS: '' });
  console.log(`node -e 0 here: ${(floor.median * 1000).toFixed(0)} ms, ${(floor.cpu * 1000).toFixed(0)} ms CPU (the floor of any Node CLI); ${loadNote()}`);
} finally {
  for (const side of sides) await side.stop();
  rmSync(work, { recursive: true, force: true });
}
