/**
 * What the e2e scenarios share: the CLI under a throwaway state root, a
 * project directory per test, the busybox image, the engine's and network
 * driver's records read from disk, and `remaining`: every host object a
 * project can leave (containers, monitors and container processes,
 * namespaces, links, iptables rules, cgroups, mounts, records), found from
 * the records taken while it ran, so a scenario asserts on its own objects
 * only while other suites run beside it.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'tscompose.js');
export const IMAGE = 'tscompose-examples/busybox:1.35';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface E2eState {
  /** The TSCOMPOSE_ROOT of every command. */
  state: string;
  env: NodeJS.ProcessEnv;
  cli(dir: string, ...args: string[]): Promise<Run>;
  ok(dir: string, ...args: string[]): Promise<string>;
  /** Started in its own process group, so a SIGKILL reaches the CLI and any child it re-ran itself in. */
  spawnCli(dir: string, ...args: string[]): ChildProcess & { output(): string };
  /** A project directory with this compose.yaml, taken down (-v) and removed by `cleanup`. */
  project(compose: string): string;
  importBusybox(): Promise<void>;
  cleanup(): Promise<void>;
  remove(): void;
}

export function e2eState(prefix: string): E2eState {
  const state = mkdtempSync(join(tmpdir(), `${prefix}-state-`));
  const env = { ...process.env, TSCOMPOSE_ROOT: state };
  const made: string[] = [];
  const cli = (dir: string, ...args: string[]): Promise<Run> =>
    new Promise((done) => {
      execFile(CLI, args, { cwd: dir, env, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
        done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
      });
    });
  const ok = async (dir: string, ...args: string[]): Promise<string> => {
    const r = await cli(dir, ...args);
    if (r.code !== 0) throw new Error(`tscompose ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
    return r.stdout;
  };
  return {
    state, env, cli, ok,
    spawnCli(dir, ...args) {
      const child = spawn(CLI, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
      return Object.assign(child, { output: () => out });
    },
    project(compose) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      writeFileSync(join(dir, 'compose.yaml'), compose);
      return dir;
    },
    importBusybox: () =>
      new Promise<void>((done, fail) =>
        execFile('bash', [join(ROOT, 'examples', 'images', 'make-busybox.sh'), CLI], { env }, (e) => (e === null ? done() : fail(e))),
      ),
    async cleanup() {
      for (const dir of made.splice(0)) {
        await cli(dir, 'down', '-v', '-t', '0');
        rmSync(dir, { recursive: true, force: true });
      }
    },
    remove: () => rmSync(state, { recursive: true, force: true }),
  };
}

/** Kills the whole process group (the CLI, a child it re-ran itself in, a runtime it was running). */
export function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      done();
    }
  });
}

function dir(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

function json<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export interface EngineContainer {
  id: string;
  name: string;
  startedAt: string;
  restartCount: number;
  labels: Record<string, string>;
  description: { env?: string[] };
}

/** The engine's container records (lib/containers/<id>/container.json). */
export function engineContainers(state: string): EngineContainer[] {
  const root = join(state, 'lib', 'containers');
  return dir(root).flatMap((id) => json<EngineContainer>(join(root, id, 'container.json')) ?? []);
}

/** The pid of a container's first process while the monitor says it runs. */
export function containerPid(state: string, id: string): number | undefined {
  const text = existsSync(join(state, 'run', 'containers', id, 'pidfile')) ? readFileSync(join(state, 'run', 'containers', id, 'pidfile'), 'utf8').trim() : '';
  const pid = Number(text);
  return pid > 0 && !existsSync(join(state, 'run', 'containers', id, 'exit')) && existsSync(`/proc/${pid}`) ? pid : undefined;
}

export interface NetworkFile {
  id: string;
  name: string;
  bridge: string;
}

export interface EndpointFile {
  id: string;
  container: string;
  hostIfname: string;
  ipv4?: string;
}

export function networkRecords(state: string): Array<{ network: NetworkFile; endpoints: EndpointFile[] }> {
  const root = join(state, 'lib', 'networks');
  return dir(root).filter((n) => n !== 'ports').flatMap((n) => {
    const network = json<NetworkFile>(join(root, n, 'network.json'));
    if (network === undefined) return [];
    const eps = dir(join(root, n, 'endpoints')).flatMap((f) => json<EndpointFile>(join(root, n, 'endpoints', f)) ?? []);
    return [{ network, endpoints: eps }];
  });
}

/** What a project made that can outlive a process: taken from the records while it exists. */
export interface Footprint {
  containers: string[];
  bridges: string[];
  veths: string[];
  chains: string[];
}

export function footprint(state: string): Footprint {
  const nets = networkRecords(state);
  const eps = nets.flatMap((n) => n.endpoints);
  return {
    containers: engineContainers(state).map((c) => c.id),
    bridges: nets.map((n) => n.network.bridge),
    veths: eps.map((e) => e.hostIfname),
    chains: [...nets.flatMap((n) => [`TSC-N-${n.network.id}`, `TSC-P-${n.network.id}`]), ...eps.map((e) => `TSC-D-${e.id}`)],
  };
}

/** Merges footprints seen at different moments. */
export function union(...fs: Footprint[]): Footprint {
  const all = (k: keyof Footprint): string[] => [...new Set(fs.flatMap((f) => f[k]))];
  return { containers: all('containers'), bridges: all('bridges'), veths: all('veths'), chains: all('chains') };
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function cgroupsNamed(ids: readonly string[], root = '/sys/fs/cgroup', depth = 5): string[] {
  if (ids.length === 0) return [];
  const found: string[] = [];
  const walk = (d: string, level: number): void => {
    for (const name of dir(d)) {
      const p = join(d, name);
      try {
        if (!statSync(p).isDirectory()) continue;
      } catch {
        continue;
      }
      if (ids.some((id) => name.includes(id))) found.push(p);
      else if (level < depth) walk(p, level + 1);
    }
  };
  try {
    walk(root, 0);
  } catch {
    // A hierarchy that went away while walking.
  }
  return found;
}

/** Processes started under this state root (monitors, supervisors and the containers' processes inherit TSCOMPOSE_ROOT or name it). */
function processesOf(state: string): string[] {
  const out: string[] = [];
  for (const pid of dir('/proc').filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)) {
    let cmdline = '';
    let environ = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline !== '' && (cmdline.includes(state) || environ.split('\0').includes(`TSCOMPOSE_ROOT=${state}`))) out.push(`${pid} ${cmdline}`);
  }
  return out;
}

/**
 * Everything of the footprint still on the host, and every record and
 * process under the state root; each list is empty when nothing was left.
 */
export function remaining(state: string, f: Footprint): Record<string, string[]> {
  const links = sh('ip', ['-o', 'link', 'show']).split('\n').map((l) => l.split(': ')[1]?.split('@')[0] ?? '');
  const rules = ['filter', 'nat'].flatMap((t) => sh('iptables-save', ['-t', t]).split('\n').filter((l) => !l.startsWith('#')));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '');
  const left: Record<string, string[]> = {
    'engine containers': dir(join(state, 'lib', 'containers')),
    'container run dirs': dir(join(state, 'run', 'containers')),
    networks: networkRecords(state).map((n) => n.network.name),
    'port claims': dir(join(state, 'lib', 'networks', 'ports')),
    'network namespaces': dir(join(state, 'run', 'netns')),
    'project records': dir(join(state, 'lib', 'projects')),
    links: links.filter((l) => f.bridges.includes(l) || f.veths.includes(l)),
    'iptables rules': rules.filter((r) => [...f.bridges, ...f.chains].some((x) => r.includes(x))),
    mounts: mounts.filter((m) => m.startsWith(state) && !m.includes('/lib/volumes/')),
    cgroups: cgroupsNamed(f.containers),
    processes: processesOf(state),
  };
  return Object.fromEntries(Object.entries(left).filter(([, v]) => v.length > 0));
}
