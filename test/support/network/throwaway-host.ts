/**
 * A throwaway network namespace that plays the host, so tests never touch
 * the real host's links and rules: its own loopback, FORWARD policy DROP (as
 * dockerd leaves real hosts), and an uplink veth to a second namespace that
 * plays another machine on 192.0.2.0/24 (TEST-NET-1, only ever between these
 * two namespaces). The network driver runs in a worker process inside it;
 * "containers" are the driver's own sandboxes, entered with nsenter, with
 * their rendered /etc files bind-mounted in a private mount namespace.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../eventually.js';
const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
export const HELPER = join(ROOT, 'native', 'build', 'tscompose-netns');
export const HOST_UPLINK = '192.0.2.1';
export const REMOTE = '192.0.2.2';
/** The same link in IPv6: 2001:db8::/32 is the documentation prefix, only ever between these two namespaces. */
export const HOST_UPLINK6 = '2001:db8:77::1';
export const REMOTE6 = '2001:db8:77::2';

/** Why privileged network tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const tool of ['ip', 'iptables-restore', 'iptables-save', 'nsenter', 'unshare', 'busybox']) {
    if (!['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, tool)))) return `needs ${tool}`;
  }
  if (!existsSync(HELPER)) return `needs ${HELPER} (npm install builds it)`;
  return undefined;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((done) => {
    const child = execFile(file, args, { timeout: opts.timeoutMs ?? 10_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : 1;
      done({ code, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/**
 * iptables-save without counters and comments, as `table: line`; a table
 * with nothing but built-in chains at ACCEPT counts as absent (iptables-nft
 * creates tables lazily, so its mere appearance is no change).
 */
function iptablesState(save: string): string[] {
  const out: string[] = [];
  let table = '';
  let lines: string[] = [];
  const flush = (): void => {
    const empty = lines.every((l) => /^:[A-Z]+ ACCEPT$/.test(l));
    if (!empty) out.push(...lines.map((l) => `${table}: ${l}`));
    lines = [];
  };
  for (const raw of save.split('\n')) {
    if (raw.startsWith('*')) {
      table = raw.slice(1);
      lines = [];
    } else if (raw === 'COMMIT') flush();
    else if (raw.startsWith('-A ') || raw.startsWith(':')) lines.push(raw.replace(/ \[\d+:\d+\]$/, ''));
  }
  return out;
}

const suffix = (): string => Math.random().toString(16).slice(2, 8);

export interface WorkerError extends Error {
  code?: string;
}

export class DriverWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private next = 1;
  private buf = '';
  private readonly waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  readonly exited: Promise<void>;

  constructor(hostNs: string, root: string, firewall: 'iptables' | 'none') {
    const worker = join(ROOT, 'test', 'support', 'network', 'driver-worker.mts');
    this.child = spawn('nsenter', [`--net=${hostNs}`, process.execPath, '--import', 'tsx', worker, join(root, 'run'), join(root, 'lib'), firewall], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (d: string) => {
      this.buf += d;
      for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
        const msg = JSON.parse(this.buf.slice(0, nl)) as { id: number; result?: unknown; error?: { name: string; message: string; code?: string } };
        this.buf = this.buf.slice(nl + 1);
        const w = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        if (msg.error !== undefined) w?.fail(Object.assign(new Error(msg.error.message), { name: msg.error.name, code: msg.error.code }));
        else w?.ok(msg.result);
      }
    });
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (process.env.TSCT_WORKER_STDERR === '1') process.stderr.write(d);
    });
    this.exited = new Promise((r) =>
      this.child.on('exit', () => {
        for (const w of this.waiting.values()) w.fail(new Error(`driver worker exited: ${stderr}`));
        this.waiting.clear();
        r();
      }),
    );
  }

  call<T = unknown>(op: string, ...args: unknown[]): Promise<T> {
    const id = this.next++;
    return new Promise<T>((ok, fail) => {
      this.waiting.set(id, { ok: ok as (v: unknown) => void, fail });
      this.child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  }

  kill(): Promise<void> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }
}

export interface Snapshot {
  links: string[];
  routes: string[];
  iptables: string[];
  mounts: string[];
  files: string[];
}

export class ThrowawayHost {
  readonly name = `tsctn-h-${suffix()}`;
  readonly remoteName = `tsctn-r-${suffix()}`;
  readonly ns = `/run/netns/${this.name}`;
  readonly remoteNs = `/run/netns/${this.remoteName}`;
  readonly root = mkdtempSync(join(tmpdir(), 'tsctn-root-'));
  private readonly scratch = mkdtempSync(join(tmpdir(), 'tsctn-files-'));

  async setUp(): Promise<void> {
    try {
      await this.build();
    } catch (e) {
      await this.tearDown();
      throw e;
    }
  }

  private async build(): Promise<void> {
    const up = `tsctnu${suffix()}`;
    const steps = [
      ['netns', 'add', this.name],
      ['netns', 'add', this.remoteName],
      ['-n', this.name, 'link', 'set', 'lo', 'up'],
      ['-n', this.remoteName, 'link', 'set', 'lo', 'up'],
      ['link', 'add', up, 'netns', this.name, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', this.remoteName],
      ['-n', this.name, 'link', 'set', up, 'name', 'uplink'],
      ['-n', this.name, 'addr', 'add', `${HOST_UPLINK}/24`, 'dev', 'uplink'],
      ['-n', this.remoteName, 'addr', 'add', `${REMOTE}/24`, 'dev', 'uplink'],
      ['-n', this.name, 'addr', 'add', `${HOST_UPLINK6}/64`, 'dev', 'uplink', 'nodad'],
      ['-n', this.remoteName, 'addr', 'add', `${REMOTE6}/64`, 'dev', 'uplink', 'nodad'],
      ['-n', this.name, 'link', 'set', 'uplink', 'up'],
      ['-n', this.remoteName, 'link', 'set', 'uplink', 'up'],
    ];
    for (const args of steps) {
      const r = await run('ip', args);
      if (r.code !== 0) throw new Error(`setting up the throwaway host: ip ${args.join(' ')}: ${r.stderr}`);
    }
    await this.hostSh('iptables -P FORWARD DROP && ip6tables -P FORWARD DROP');
    // The uplink's IPv6 link-local address appears once duplicate address detection ends: wait, so snapshots compare.
    await eventually(async () => {
      const r = await this.hostSh('ip -6 addr show tentative; ip -6 route show table local');
      if (r.stdout.includes('tentative') || !r.stdout.includes('fe80::')) throw new Error('uplink still tentative');
    }, 10_000);
  }

  async tearDown(): Promise<void> {
    // Whatever the test left: unmount namespaces under our state root, then drop both namespaces.
    for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      const mp = line.split(' ')[4];
      if (mp !== undefined && mp.startsWith(this.root)) await run('umount', ['-l', mp]);
    }
    await run('ip', ['netns', 'del', this.name]);
    await run('ip', ['netns', 'del', this.remoteName]);
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.scratch, { recursive: true, force: true });
  }

  worker(firewall: 'iptables' | 'none' = 'iptables'): DriverWorker {
    return new DriverWorker(this.ns, this.root, firewall);
  }

  hostSh(cmd: string, timeoutMs?: number): Promise<RunResult> {
    return run('nsenter', [`--net=${this.ns}`, 'sh', '-c', cmd], { timeoutMs });
  }

  remoteSh(cmd: string, timeoutMs?: number): Promise<RunResult> {
    return run('nsenter', [`--net=${this.remoteNs}`, 'sh', '-c', cmd], { timeoutMs });
  }

  /**
   * A shell in a "container": its network namespace, and a private mount
   * namespace where the container's rendered /etc/hosts and /etc/resolv.conf
   * replace the host's, so names resolve as they would inside it.
   */
  async containerSh(netnsPath: string, cmd: string, files?: { hosts: string; resolvConf: string }, timeoutMs?: number): Promise<RunResult> {
    let prelude = '';
    if (files !== undefined) {
      const dir = mkdtempSync(join(this.scratch, 'c-'));
      writeFileSync(join(dir, 'hosts'), files.hosts);
      writeFileSync(join(dir, 'resolv.conf'), files.resolvConf);
      prelude = `mount --bind ${dir}/hosts /etc/hosts && mount --bind ${dir}/resolv.conf /etc/resolv.conf && `;
    }
    return run('nsenter', [`--net=${netnsPath}`, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', `${prelude}${cmd}`], { timeoutMs });
  }

  /** Starts a long-running process in a namespace; returns its pid. */
  async background(netnsPath: string, cmd: string): Promise<number> {
    const child = spawn('nsenter', [`--net=${netnsPath}`, 'sh', '-c', cmd], { stdio: 'ignore', detached: true });
    child.unref();
    return child.pid as number;
  }

  async snapshot(): Promise<Snapshot> {
    const lines = async (cmd: string): Promise<string[]> => (await this.hostSh(cmd)).stdout.split('\n').filter((l) => l.trim() !== '');
    const links = (await lines('ip -o link show')).map((l) => l.split(': ')[1]?.split('@')[0] ?? l);
    // IPv6 link-local routes come and go with each link's duplicate address detection; links are compared already.
    // Subnet-router anycast routes appear on the uplink once an IPv6 network turns forwarding on (left on, as dockerd leaves it).
    const routes = [...(await lines('ip route show table all')), ...(await lines('ip -6 route show table all'))].filter((l) => !l.includes('fe80::') && !l.startsWith('anycast '));
    const iptables = [...iptablesState((await this.hostSh('iptables-save')).stdout), ...iptablesState((await this.hostSh('ip6tables-save')).stdout).map((l) => `ip6 ${l}`)];
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4] ?? '')
      .filter((m) => m.startsWith(this.root));
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p.slice(this.root.length));
      }
    };
    walk(this.root);
    return { links, routes, iptables: [...new Set(iptables)], mounts, files };
  }

  /** The worker's sandbox path for `id` (its bind mount is visible here: same mount namespace). */
  netnsPath(id: string): string {
    return join(this.root, 'run', 'netns', id);
  }
}
