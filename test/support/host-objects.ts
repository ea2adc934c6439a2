/**
 * A snapshot of the host objects tests can leak: links, network namespaces,
 * mounts, iptables rules, cgroups and processes whose names carry one of our
 * prefixes (`tsc` for product objects, `tsct` for test fixtures). The
 * integration and e2e tiers take one before and after the suite and fail on
 * anything new (test/support/leak-setup.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type HostObjects = Record<string, string[]>;

const PREFIX = /tsc/i;

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function links(): string[] {
  return run('ip', ['-o', 'link', 'show'])
    .split('\n')
    .map((l) => l.split(': ')[1]?.split('@')[0] ?? '')
    .filter((n) => PREFIX.test(n));
}

function netns(): string[] {
  const dir = '/run/netns';
  return existsSync(dir) ? readdirSync(dir).filter((n) => PREFIX.test(n)) : [];
}

function mounts(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => PREFIX.test(p));
}

function iptables(): string[] {
  const rules: string[] = [];
  for (const table of ['filter', 'nat', 'mangle', 'raw']) {
    for (const line of run('iptables-save', ['-t', table]).split('\n')) {
      if (PREFIX.test(line) && !line.startsWith('#')) rules.push(`${table}: ${line}`);
    }
  }
  return rules;
}

/** Directories named with our prefix anywhere in the first levels of every cgroup hierarchy. */
function cgroups(root = '/sys/fs/cgroup', depth = 4): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (!isDir) continue;
      if (PREFIX.test(name)) found.push(p);
      else if (level < depth) walk(p, level + 1);
    }
  };
  walk(root, 0);
  return found;
}

function processes(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      continue;
    }
    // Our binaries (tscompose-monitor, tscompose-runtime, a supervisor) and
    // test fixtures; not a compiler or editor that merely names our files.
    const argv0 = cmdline.split(' ')[0]?.split('/').pop() ?? '';
    if (/^tsc/.test(argv0) || /tsct/.test(cmdline) || /tscompose\S*(supervisor|\.js)/.test(cmdline)) {
      if (!/vitest|node_modules/.test(cmdline)) found.push(`${pid} ${cmdline}`);
    }
  }
  return found;
}

export function snapshotHost(): HostObjects {
  return { links: links(), netns: netns(), mounts: mounts(), iptables: iptables(), cgroups: cgroups(), processes: processes() };
}

/** What `after` has that `before` did not, by kind; processes compare by command line, since pids differ. */
export function leakedSince(before: HostObjects, after: HostObjects): HostObjects {
  const leaked: HostObjects = {};
  for (const [kind, items] of Object.entries(after)) {
    const key = (s: string): string => (kind === 'processes' ? s.replace(/^\d+ /, '') : s);
    const had = new Set((before[kind] ?? []).map(key));
    const fresh = items.filter((i) => !had.has(key(i)));
    if (fresh.length > 0) leaked[kind] = fresh;
  }
  return leaked;
}
