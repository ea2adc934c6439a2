/**
 * The tscompose side of bench:network, run inside the throwaway namespace
 * that plays the host. Times sandbox creation and endpoint attach with the
 * real driver, builds 100 endpoints on one bridge, and leaves an iperf3
 * pair (with a published port) for bench/network.mjs to drive. Prints one
 * JSON line per step; reads "down" on stdin to remove everything.
 */
import { createInterface } from 'node:readline';
import { createNetworkDriver, defaultHelperPath } from '../src/network/driver.js';
import { addonChannel } from '../src/network/netns-addon.js';
import { netnsAgent } from '../src/network/netns-agent.js';
import { openHostLinks } from '../src/network/rtnl/host-links.js';
import * as enc from '../src/network/rtnl/encode.js';

const [root, project] = process.argv.slice(2) as [string, string];
const driver = createNetworkDriver({ roots: { run: `${root}/run`, lib: `${root}/lib` } });
const out = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * The kernel's share of an attach, measured in the same minute: the one
 * RTM_NEWLINK that makes a veth pair on the bridge with its peer born in a
 * namespace, sent on its own through the netns addon (no records, no
 * addresses, no hairpin).
 */
async function vethFloor(net: string): Promise<number> {
  const links = await openHostLinks();
  const channel = addonChannel(defaultHelperPath());
  if (channel === undefined) throw new Error('bench:network needs native/build/tscompose-netns.node (make -C native)');
  const agent = netnsAgent(channel);
  const rec = await driver.getNetwork(net);
  const sb = await driver.createSandbox(`${project}-floor`, project);
  const master = (await links.getLink(rec?.bridge ?? ''))?.index ?? 0;
  const times: number[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const m = enc.message(enc.RTM.NEWLINK, enc.NLM_F.CREATE | enc.NLM_F.EXCL | enc.NLM_F.ECHO, enc.newVeth({ hostName: `tsctnfloor${i}`, master, mtu: 1500, peerName: `f${i}`, peerMac: '02:42:ac:1f:00:09', peerNetnsFd: -1 }));
      const t = process.hrtime.bigint();
      await agent.link(sb.netnsPath, enc.vethNetnsFdOffset(m), [m]);
      times.push(ms(t));
    }
    for (let i = 0; i < 20; i++) await links.deleteLink(`tsctnfloor${i}`);
  } finally {
    links.close();
    await driver.removeSandbox(sb.id);
  }
  return median(times);
}

async function main(): Promise<void> {
  const net = `${project}_default`;
  let t = process.hrtime.bigint();
  await driver.ensureNetwork({ name: net, project, composeName: 'default' });
  out({ step: 'network', ms: ms(t) });

  // One endpoint at a time, as `up` attaches a container: the first pays the helper's start.
  const sandbox: number[] = [];
  const attach: number[] = [];
  const attachPorts: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 40; i++) {
    t = process.hrtime.bigint();
    await driver.createSandbox(`${project}-a${i}`, project);
    sandbox.push(ms(t));
    t = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    await driver.attach(`${project}-a${i}`, { project, container: `${project}-a${i}`, endpoints: [{ network: net }], ...(i % 2 === 1 ? { ports: [{ containerPort: 80 }] } : {}) });
    (i % 2 === 1 ? attachPorts : attach).push(ms(t));
    if (i % 2 === 0) {
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  const rest = attach.slice(1);
  out({ step: 'attach', first: attach[0], sandbox: median(sandbox.slice(1)), attach: median(rest), attachMin: Math.min(...rest), attachWithPort: median(attachPorts), cpu: median(cpu.slice(1)), n: rest.length, veth: await vethFloor(net) });
  const detach: number[] = [];
  for (let i = 0; i < 40; i++) {
    t = process.hrtime.bigint();
    await driver.removeSandbox(`${project}-a${i}`);
    detach.push(ms(t));
  }
  out({ step: 'detach', median: median(detach) });

  // 100 endpoints on one bridge, then all removed.
  t = process.hrtime.bigint();
  const each: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t1 = process.hrtime.bigint();
    await driver.createSandbox(`${project}-h${i}`, project);
    await driver.attach(`${project}-h${i}`, { project, container: `${project}-h${i}`, endpoints: [{ network: net }] });
    each.push(ms(t1));
  }
  const total = ms(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) await driver.removeSandbox(`${project}-h${i}`);
  out({ step: 'hundred', total, first10: median(each.slice(0, 10)), last10: median(each.slice(90)), removeAll: ms(t) });

  // The iperf3 pair: server in s1 (published 15201 -> 5201), client in s2.
  await driver.createSandbox(`${project}-s1`, project);
  await driver.createSandbox(`${project}-s2`, project);
  const [s1] = await driver.attach(`${project}-s1`, { project, container: `${project}-s1`, endpoints: [{ network: net }], ports: [{ containerPort: 5201, hostPort: 15201 }] });
  await driver.attach(`${project}-s2`, { project, container: `${project}-s2`, endpoints: [{ network: net }] });
  out({ step: 'pair', server: s1?.ipv4, gateway: s1?.gateway4, s1: (await driver.getSandbox(`${project}-s1`))?.netnsPath, s2: (await driver.getSandbox(`${project}-s2`))?.netnsPath });
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (l) => {
  if (l.trim() !== 'down') return;
  void driver.cleanupProject(project, { removeNetworks: true }).then((r) => {
    out({ step: 'down', removed: r });
    driver.close();
    rl.close();
  });
});
main().catch((e: Error) => {
  out({ step: 'error', message: e.message });
});
