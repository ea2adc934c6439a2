#!/usr/bin/env node
// npm run bench:up — `up -d`, `up -d --wait`, the time until the web answers,
// `down`, and the memory of the running stack: tscompose against Docker
// Compose v2 with a private dockerd, in the same run, alternating, on three
// stacks (WEB/WAS/DB with a healthcheck, 50 independent services, a chain of
// 10 depends_on) plus examples/hello. Both sides run in throwaway network
// namespaces with their own state roots (lib/sides.mjs). Root only.
//   BENCH_RUNS=3  BENCH_STACKS=web,fifty,chain,hello  BENCH_SETTLE_MS=5000 (before memory is read)
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chainStack, independentStack, webStack, WEB_ANSWER, WEB_URL, writeStack } from './lib/stacks.mjs';
import { dockerSide, imageTar, loadNote, median, tscomposeSide } from './lib/sides.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const only = (process.env.BENCH_STACKS ?? 'web,fifty,chain,hello').split(',');
if (process.getuid?.() !== 0) {
  console.error('bench:up needs root (namespaces, cgroups, bridges, iptables)');
  process.exit(1);
}

/** Polls the web from inside the side's namespace until it answers with the app's text; ms. */
function untilAnswers(netns, url, expect) {
  const script = `for i in $(seq 1 2000); do curl -sf --max-time 2 ${url} 2>/dev/null | grep -q ${expect} && exit 0; sleep 0.01; done; exit 1`;
  const t = process.hrtime.bigint();
  const r = spawnSync('nsenter', [`--net=${netns}`, 'sh', '-c', script], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${url} never answered ${expect}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** How long the stack runs before its memory is read (BENCH_SETTLE_MS). */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5000);

/** One run of one stack on one side: up -d (and the web), down, up -d --wait, memory, down. */
function once(side, stack, samples, withMemory) {
  const s = samples[side.name];
  const up = side.compose(stack.file, stack.project, ['up', '-d']);
  s.up.push(up);
  if (stack.url) s.answer.push(up + untilAnswers(side.netns, stack.url, stack.expect));
  s.down.push(down(side, stack, s));
  s.wait.push(side.compose(stack.file, stack.project, ['up', '-d', '--wait']));
  if (withMemory) {
    // A dev stack runs for hours: memory is read once start-up has settled, the same wait on both sides.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
    s.memory = side.memory();
  }
  s.down.push(down(side, stack, s));
}

/**
 * A timed `down`; one that fails (dockerd 20.10 under load sometimes answers
 * "network ... has active endpoints") keeps its time, is counted, and is
 * run again untimed so the next run starts clean.
 */
function down(side, stack, s) {
  try {
    return side.compose(stack.file, stack.project, ['down']);
  } catch (e) {
    s.failedDowns = (s.failedDowns ?? 0) + 1;
    process.stderr.write(`bench:up: ${side.name} down of ${stack.label} failed, run again: ${String(e.message).split('\n').at(-2) ?? ''}\n`);
    const t = Number(/exited .* after (\d+) ms/.exec(e.message)?.[1] ?? NaN);
    // A network dockerd still thinks busy: the next up reuses it, and stopping the daemon removes it.
    for (let i = 0; i < 3; i++) {
      try {
        side.compose(stack.file, stack.project, ['down']);
        break;
      } catch {
        spawnSync('sleep', ['1']);
      }
    }
    return t;
  }
}

const work = mkdtempSync(join(tmpdir(), 'tsctus-bench-'));
const stacks = [
  { key: 'web', label: 'WEB/WAS/DB (healthcheck)', model: webStack(), url: WEB_URL, expect: WEB_ANSWER },
  { key: 'fifty', label: '50 independent services', model: independentStack(50) },
  { key: 'chain', label: 'chain of 10 depends_on', model: chainStack(10) },
  { key: 'hello', label: 'examples/hello', file: resolve(new URL('../examples/hello/compose.yaml', import.meta.url).pathname), url: 'http://127.0.0.1:8081/', expect: 'hello' },
].filter((s) => only.includes(s.key));
for (const s of stacks) {
  s.project = `tsctus-bench-${s.key}`;
  s.file ??= writeStack(work, s.key, s.model);
}

const tar = imageTar(work);
const sides = [];
try {
  sides.push(tscomposeSide('tsctus-bench', tar, ['tscompose-examples/busybox:1.35']));
  const dk = await dockerSide('tsctus-bench', tar, ['tscompose-examples/busybox:1.35']);
  if (dk === undefined) console.log('dockerd not found: run ../shared/tools/install-reference-tools.sh for the comparison');
  else sides.push(dk);
  const results = [];
  for (const stack of stacks) {
    const samples = Object.fromEntries(sides.map((side) => [side.name, { up: [], answer: [], down: [], wait: [] }]));
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) once(side, stack, samples, i === 0);
    }
    results.push({ stack, samples });
    process.stderr.write(`bench:up: ${stack.label} done\n`);
    // The tables so far: a long run that fails later keeps what it measured.
    if (results.length < stacks.length) report(results);
  }
  report(results);
} finally {
  for (const side of sides) await side.stop();
  rmSync(work, { recursive: true, force: true });
}

function report(results) {
  const f = (ms) => (Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
  console.log(`\nbench:up, ${new Date().toISOString().slice(0, 10)}, medians of ${runs} runs (down: ${2 * runs}); node ${process.version}; ${loadNote()}: compare ratios`);
  const rows = [];
  for (const { stack, samples } of results) {
    const t = samples.tscompose;
    const d = samples['docker compose'];
    const ratio = (k) => (d === undefined ? 'n/a' : `${(median(d[k]) / median(t[k])).toFixed(2)}x`);
    const target = ['fifty', 'chain'].includes(stack.key) ? '>= 5x' : '';
    const met = (k) => (d === undefined || target === '' ? '' : median(d[k]) / median(t[k]) >= 5 ? 'yes' : 'NO');
    rows.push({ stack: stack.label, step: 'up -d', tscompose: f(median(t.up)), docker: d ? f(median(d.up)) : 'n/a', 'docker/tscompose': ratio('up'), target, met: met('up') });
    rows.push({ stack: stack.label, step: 'up -d --wait', tscompose: f(median(t.wait)), docker: d ? f(median(d.wait)) : 'n/a', 'docker/tscompose': ratio('wait'), target: '', met: '' });
    if (stack.url) rows.push({ stack: stack.label, step: 'up -d until the web answers', tscompose: f(median(t.answer)), docker: d ? f(median(d.answer)) : 'n/a', 'docker/tscompose': ratio('answer'), target: '', met: '' });
    rows.push({ stack: stack.label, step: 'down', tscompose: f(median(t.down)), docker: d ? f(median(d.down)) : 'n/a', 'docker/tscompose': ratio('down'), target, met: met('down') });
    for (const [tool, x] of Object.entries(samples)) if (x.failedDowns) console.log(`note: ${x.failedDowns} ${tool} down(s) of ${stack.label} failed and were run again (their time kept)`);
  }
  console.table(rows);
  const mem = [];
  for (const { stack, samples } of results) {
    for (const [tool, s] of Object.entries(samples)) {
      const m = s.memory;
      if (m === undefined) continue;
      // As docker's own numbers are read: what the tool keeps per container, over the containers; ours includes the project's supervisor.
      const withShared = tool === 'tscompose';
      const per = (m.perContainerKiB + (withShared ? m.sharedKiB : 0)) / Math.max(1, m.count);
      const perPss = (m.perContainerPssKiB + (withShared ? m.sharedPssKiB : 0)) / Math.max(1, m.count);
      mem.push({
        stack: stack.label,
        tool,
        containers: m.count,
        'per-container processes RSS/PSS': `${mib(m.perContainerKiB)} / ${mib(m.perContainerPssKiB)}`,
        [`shared (${m.daemonsLabel}) RSS/PSS`]: `${mib(m.sharedKiB)} / ${mib(m.sharedPssKiB)}`,
        'container processes RSS': mib(m.containersKiB),
        'overhead per container RSS/PSS': `${mib(per)} / ${mib(perPss)}`,
        'target < 2 MiB (RSS, PSS)': withShared ? `${per < 2048 ? 'yes' : 'NO'}, ${perPss < 2048 ? 'yes' : 'NO'}` : '',
      });
    }
  }
  console.log('\nmemory of the running stack (sums of VmRSS and of PSS from smaps_rollup; tscompose: monitors + the supervisor shared by the project; docker: containerd-shim + docker-proxy, the daemons apart)');
  console.table(mem);
}
