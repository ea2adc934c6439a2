#!/usr/bin/env node
// npm run bench:network — tscompose's bridge networking against docker's on
// the same machine in the same run: endpoint attach time, 100 endpoints on
// one bridge, and iperf3 throughput container to container and through a
// published port. Both sides run in throwaway network namespaces (dockerd in
// its own, with a private mount namespace), so neither touches the real
// host's links and rules or another engineer's dockerd. Root only.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { busyboxRootfs, startPrivateDockerd } from './lib/private-dockerd.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const seconds = Number(process.env.BENCH_IPERF_SECONDS ?? 2);
const rand = () => Math.random().toString(16).slice(2, 8);
const have = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const sh = (cmd, opts = {}) => execFileSync('sh', ['-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.getuid?.() !== 0) {
  console.error('bench:network needs root (network namespaces, bridges, iptables)');
  process.exit(1);
}
for (const tool of ['iperf3', 'ip', 'iptables-restore', 'nsenter', 'unshare', 'busybox']) {
  if (!have(tool)) {
    console.error(`bench:network needs ${tool}`);
    process.exit(1);
  }
}

/** Polls (never sleeps blind) until something listens on TCP `port` inside `ns`. */
async function listening(ns, port) {
  for (let i = 0; i < 200; i++) {
    const r = spawnSync('nsenter', [`--net=${ns}`, 'ss', '-Hltn', `sport = :${port}`], { encoding: 'utf8' });
    if (r.stdout.trim() !== '') return;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error(`nothing listens on ${port} in ${ns}`);
}

/**
 * Bits per second of one iperf3 run: a one-shot server in `serverNs`, the
 * client in `clientNs`. The client starts once the server listens (a
 * docker-proxy in between accepts earlier and would reset the connection).
 */
async function iperf(serverNs, listenPort, clientNs, target, targetPort) {
  const server = spawn('nsenter', [`--net=${serverNs}`, 'iperf3', '-s', '-1', '-p', String(listenPort)], { stdio: 'ignore' });
  try {
    await listening(serverNs, listenPort);
    const r = spawnSync('nsenter', [`--net=${clientNs}`, 'iperf3', '-c', target, '-p', String(targetPort), '-t', String(seconds), '-J'], { encoding: 'utf8' });
    const j = r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined;
    if (r.status === 0 && j?.end?.sum_received !== undefined) return j.end.sum_received.bits_per_second;
    throw new Error(`iperf3 -c ${target}:${targetPort}: ${j?.error ?? `${r.stdout.slice(0, 300)}${r.stderr}`}`);
  } finally {
    server.kill('SIGKILL');
  }
}

/** The tscompose side: the driver in a worker inside a throwaway host namespace. */
async function ours() {
  const ns = `tsctn-bench-${rand()}`;
  const state = mkdtempSync(join(tmpdir(), 'tsctn-bench-'));
  execFileSync('ip', ['netns', 'add', ns]);
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  const hostNs = `/run/netns/${ns}`;
  const worker = spawn('nsenter', [`--net=${hostNs}`, process.execPath, '--import', 'tsx', join(root, 'bench', 'network-worker.mts'), state, `tsctn${rand()}`], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const steps = {};
  const lines = createInterface({ input: worker.stdout });
  const waitFor = (name) =>
    new Promise((ok, fail) => {
      if (steps[name]) return ok(steps[name]);
      const on = (l) => {
        const m = JSON.parse(l);
        steps[m.step] = m;
        if (m.step === 'error') fail(new Error(m.message));
        if (m.step === name) {
          lines.off('line', on);
          ok(m);
        }
      };
      lines.on('line', on);
    });
  try {
    const pair = await waitFor('pair');
    const result = { steps, iperf: { c2c: [], local: [], gateway: [] } };
    result.run = async () => {
      result.iperf.c2c.push(await iperf(pair.s1, 5201, pair.s2, pair.server, 5201));
      result.iperf.local.push(await iperf(pair.s1, 5201, hostNs, '127.0.0.1', 15201));
      result.iperf.gateway.push(await iperf(pair.s1, 5201, hostNs, pair.gateway, 15201));
    };
    result.down = async () => {
      worker.stdin.write('down\n');
      await waitFor('down');
      worker.stdin.end();
      execFileSync('ip', ['netns', 'del', ns]);
      rmSync(state, { recursive: true, force: true });
    };
    return result;
  } catch (e) {
    worker.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', ns]);
    throw e;
  }
}

/** A private dockerd (bench/lib/private-dockerd.mjs): its own network and mount namespaces. */
async function docker() {
  const dockerd = await startPrivateDockerd('tsctn-bench');
  if (dockerd === undefined) return undefined;
  const { env, dir, stop } = dockerd;
  const d = dockerd.docker;
  const ns = dockerd.ns;
  try {
    const rootfs = busyboxRootfs(join(dir, 'rootfs'), ['sh', 'sleep']);
    execFileSync('sh', ['-c', `tar -C ${rootfs} -c . | docker import -c 'ENV PATH=/bin' - tsctn-bench-bb:1`], { env, stdio: 'ignore' });
    d(['network', 'create', 'tsctn-bench']);
    d(['run', '-d', '--name', 'tsctn-a', '--network', 'tsctn-bench', '-p', '25201:5201', 'tsctn-bench-bb:1', 'sleep', '3600']);
    d(['run', '-d', '--name', 'tsctn-b', '--network', 'tsctn-bench', 'tsctn-bench-bb:1', 'sleep', '3600']);
    d(['network', 'create', 'tsctn-bench-2']);
    d(['run', '-d', '--name', 'tsctn-c', '--network', 'tsctn-bench-2', 'tsctn-bench-bb:1', 'sleep', '3600']);
    const pid = (c) => d(['inspect', '-f', '{{.State.Pid}}', c]);
    const ip = d(['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', 'tsctn-a']);
    const gateway = d(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}', 'tsctn-bench']);
    // docker's nearest thing to one attach: connecting an existing container to a network.
    const connect = [];
    for (let i = 0; i < 10; i++) {
      const t = process.hrtime.bigint();
      d(['network', 'connect', 'tsctn-bench', 'tsctn-c']);
      connect.push(Number(process.hrtime.bigint() - t) / 1e6);
      d(['network', 'disconnect', 'tsctn-bench', 'tsctn-c']);
    }
    const a = `/proc/${pid('tsctn-a')}/ns/net`;
    const b = `/proc/${pid('tsctn-b')}/ns/net`;
    const host = `/run/netns/${ns}`;
    const result = { connect: median(connect), iperf: { c2c: [], local: [], gateway: [] }, stop };
    result.run = async () => {
      result.iperf.c2c.push(await iperf(a, 5201, b, ip, 5201));
      result.iperf.local.push(await iperf(a, 5201, host, '127.0.0.1', 25201));
      result.iperf.gateway.push(await iperf(a, 5201, host, gateway, 25201));
    };
    return result;
  } catch (e) {
    await stop();
    throw e;
  }
}

const gbit = (xs) => (xs.length === 0 ? 'n/a' : (median(xs) / 1e9).toFixed(2));
const row = (metric, o, d, target, met) => ({ metric, tscompose: o, docker: d ?? 'n/a', target, met });

const o = await ours();
let dk;
try {
  dk = await docker();
  if (dk === undefined) console.log('dockerd not found: run ../shared/tools/install-reference-tools.sh for the comparison');
  for (let i = 0; i < runs; i++) {
    await o.run();
    await dk?.run();
  }
} finally {
  await o.down();
  await dk?.stop();
}
const s = o.steps;
const ratio = (k) => (dk ? median(o.iperf[k]) / median(dk.iperf[k]) : undefined);
const vs = (k) => (ratio(k) === undefined ? 'n/a' : ratio(k) >= 0.95 ? `yes (${ratio(k).toFixed(2)}x)` : `NO (${ratio(k).toFixed(2)}x)`);
console.log(`bench:network, medians; iperf3 ${runs} x ${seconds}s each side, alternating; node ${process.version}; load average ${sh('cut -d" " -f1-3 /proc/loadavg').trim()} on ${sh('nproc').trim()} cores: compare ratios`);
console.table([
  row('endpoint attach, ms (veth + addresses + route)', s.attach.attach.toFixed(2), dk ? `${dk.connect.toFixed(1)} (docker network connect)` : undefined, '< 5', s.attach.attach < 5 ? 'yes' : 'NO'),
  row('endpoint attach, fastest of the run, ms', s.attach.attachMin.toFixed(2), undefined, '', ''),
  row('endpoint attach, CPU time of the process (user + system), ms', s.attach.cpu.toFixed(2), undefined, '', ''),
  row('of which the kernel alone: one veth pair (RTM_NEWLINK), ms', s.attach.veth.toFixed(2), undefined, '', ''),
  row('endpoint attach with a published port, ms', s.attach.attachWithPort.toFixed(2), undefined, '', ''),
  row('first attach of a run, ms (opens the rtnetlink socket, loads the netns addon)', s.attach.first.toFixed(2), undefined, '', ''),
  row('network namespace (sandbox), ms', s.attach.sandbox.toFixed(2), undefined, '', ''),
  row('endpoint removal (sandbox and veth), ms', s.detach.median.toFixed(2), undefined, '', ''),
  row('100 endpoints on one bridge: all, s', (s.hundred.total / 1000).toFixed(2), undefined, '', ''),
  row('100 endpoints: first 10 / last 10 each, ms', `${s.hundred.first10.toFixed(2)} / ${s.hundred.last10.toFixed(2)}`, undefined, 'flat', s.hundred.last10 < 2 * s.hundred.first10 ? 'yes' : 'NO'),
  row('100 endpoints: removing all, s', (s.hundred.removeAll / 1000).toFixed(2), undefined, '', ''),
  row('iperf3 container -> container, Gbit/s', gbit(o.iperf.c2c), dk ? gbit(dk.iperf.c2c) : undefined, '>= docker', vs('c2c')),
  row('iperf3 host -> 127.0.0.1 published port, Gbit/s', gbit(o.iperf.local), dk ? `${gbit(dk.iperf.local)} (docker-proxy)` : undefined, '>= docker', vs('local')),
  row('iperf3 host -> gateway published port, Gbit/s', gbit(o.iperf.gateway), dk ? gbit(dk.iperf.gateway) : undefined, '>= docker', vs('gateway')),
]);
if (existsSync('/run/netns') && sh('ls /run/netns').includes('tsctn-bench')) console.log('warning: a tsctn-bench namespace is left in /run/netns');
