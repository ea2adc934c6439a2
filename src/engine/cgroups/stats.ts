/**
 * Resource usage of one container's cgroup, for `stats` and OOM reporting,
 * read from cgroup v1 controller files or the v2 unified files. Every reader
 * takes the layout (and so its root) as a parameter; v2 is tested against a
 * fake cgroupfs in a temp dir.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupLayout } from './mode.js';

export interface CgroupStats {
  memory: { usage: number; limit: number | undefined; inactiveFile: number; maxUsage: number | undefined };
  cpu: { usageNs: number; userNs: number; systemNs: number; throttledPeriods: number; throttledNs: number };
  pids: { current: number; limit: number | undefined };
  blkio: { readBytes: number; writeBytes: number };
}

const UNLIMITED_V1 = 0x7ffffffffffff000;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function num(text: string | undefined): number {
  const n = Number((text ?? '').trim());
  return Number.isFinite(n) ? n : 0;
}

/** `max` and v1's huge "no limit" both mean unlimited. */
function limitOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '' || t === 'max') return undefined;
  const n = Number(t);
  return !Number.isFinite(n) || n >= UNLIMITED_V1 ? undefined : n;
}

/** `key value` lines (memory.stat, cpu.stat, memory.events, memory.oom_control). */
export function keyValues(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k !== undefined && k !== '' && v !== undefined) out[k] = Number(v);
  }
  return out;
}

/** The directories holding one container's cgroup files: per controller on v1, one on v2. */
export function cgroupDirs(layout: CgroupLayout, cgroupsPath: string): { dir: (controller: string) => string } {
  const rel = cgroupsPath.startsWith('/') ? cgroupsPath.slice(1) : cgroupsPath;
  if (layout.mode === 'v2') return { dir: () => join(layout.root, rel) };
  return { dir: (c) => join(layout.v1[c] ?? join(layout.root, c), rel) };
}

function v1Stats(layout: CgroupLayout, cgroupsPath: string): CgroupStats {
  const { dir } = cgroupDirs(layout, cgroupsPath);
  const mem = keyValues(read(join(dir('memory'), 'memory.stat')));
  const acct = keyValues(read(join(dir('cpuacct'), 'cpuacct.stat')));
  const cpuStat = keyValues(read(join(dir('cpu'), 'cpu.stat')));
  // cpuacct.stat counts USER_HZ ticks, 100 per second on Linux.
  const tick = 10_000_000;
  return {
    memory: {
      usage: num(read(join(dir('memory'), 'memory.usage_in_bytes'))),
      limit: limitOf(read(join(dir('memory'), 'memory.limit_in_bytes'))),
      inactiveFile: mem.total_inactive_file ?? mem.inactive_file ?? 0,
      maxUsage: limitOf(read(join(dir('memory'), 'memory.max_usage_in_bytes'))),
    },
    cpu: {
      usageNs: num(read(join(dir('cpuacct'), 'cpuacct.usage'))),
      userNs: (acct.user ?? 0) * tick,
      systemNs: (acct.system ?? 0) * tick,
      throttledPeriods: cpuStat.nr_throttled ?? 0,
      throttledNs: cpuStat.throttled_time ?? 0,
    },
    pids: { current: num(read(join(dir('pids'), 'pids.current'))), limit: limitOf(read(join(dir('pids'), 'pids.max'))) },
    blkio: blkioV1(read(join(dir('blkio'), 'blkio.throttle.io_service_bytes_recursive'))),
  };
}

function blkioV1(text: string | undefined): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of (text ?? '').split('\n')) {
    const [, op, value] = line.trim().split(/\s+/);
    if (op === 'Read') readBytes += Number(value);
    else if (op === 'Write') writeBytes += Number(value);
  }
  return { readBytes, writeBytes };
}

function ioV2(text: string | undefined): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of (text ?? '').split('\n')) {
    for (const field of line.trim().split(/\s+/).slice(1)) {
      const [k, v] = field.split('=');
      if (k === 'rbytes') readBytes += Number(v);
      else if (k === 'wbytes') writeBytes += Number(v);
    }
  }
  return { readBytes, writeBytes };
}

function v2Stats(layout: CgroupLayout, cgroupsPath: string): CgroupStats {
  const d = cgroupDirs(layout, cgroupsPath).dir('');
  const mem = keyValues(read(join(d, 'memory.stat')));
  const cpu = keyValues(read(join(d, 'cpu.stat')));
  return {
    memory: {
      usage: num(read(join(d, 'memory.current'))),
      limit: limitOf(read(join(d, 'memory.max'))),
      inactiveFile: mem.inactive_file ?? 0,
      maxUsage: limitOf(read(join(d, 'memory.peak'))),
    },
    cpu: {
      usageNs: (cpu.usage_usec ?? 0) * 1000,
      userNs: (cpu.user_usec ?? 0) * 1000,
      systemNs: (cpu.system_usec ?? 0) * 1000,
      throttledPeriods: cpu.nr_throttled ?? 0,
      throttledNs: (cpu.throttled_usec ?? 0) * 1000,
    },
    pids: { current: num(read(join(d, 'pids.current'))), limit: limitOf(read(join(d, 'pids.max'))) },
    blkio: ioV2(read(join(d, 'io.stat'))),
  };
}

export function readCgroupStats(layout: CgroupLayout, cgroupsPath: string): CgroupStats {
  return layout.mode === 'v2' ? v2Stats(layout, cgroupsPath) : v1Stats(layout, cgroupsPath);
}

/** The file whose `oom_kill` counter tells whether the kernel OOM-killed something in the group. */
export function oomEventsFile(layout: CgroupLayout, cgroupsPath: string): string {
  const { dir } = cgroupDirs(layout, cgroupsPath);
  return layout.mode === 'v2' ? join(dir(''), 'memory.events') : join(dir('memory'), 'memory.oom_control');
}

export function oomKillCount(layout: CgroupLayout, cgroupsPath: string): number {
  return keyValues(read(oomEventsFile(layout, cgroupsPath))).oom_kill ?? 0;
}

/** Total CPU time of the host in ns from /proc/stat (the denominator of Docker's CPU %). */
export function systemCpuNs(procRoot = '/proc'): number {
  const line = (read(join(procRoot, 'stat')) ?? '').split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return 0;
  const ticks = line.trim().split(/\s+/).slice(1, 8).reduce((sum, v) => sum + Number(v), 0);
  return ticks * 10_000_000;
}

/** Bytes in and out of every interface but lo, from the container's view of /proc/net/dev. */
export function networkBytes(pid: number, procRoot = '/proc'): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of (read(join(procRoot, String(pid), 'net', 'dev')) ?? '').split('\n').slice(2)) {
    const [name, rest] = line.split(':');
    if (name === undefined || rest === undefined || name.trim() === 'lo') continue;
    const f = rest.trim().split(/\s+/).map(Number);
    rx += f[0] ?? 0;
    tx += f[8] ?? 0;
  }
  return { rx, tx };
}
