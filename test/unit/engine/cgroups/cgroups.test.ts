import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupFeatures, crunRefusal, detectCgroupLayout, networkBytes, oomKillCount, readCgroupStats, systemCpuNs } from '../../../../src/engine/cgroups/index.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fake(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'tscte-cg-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const CG = '/tscompose/abc';

describe('cgroup v2 (fake cgroupfs)', () => {
  const files = {
    'cgroup.controllers': 'cpuset cpu io memory pids\n',
    'tscompose/abc/memory.current': '10485760\n',
    'tscompose/abc/memory.max': '67108864\n',
    'tscompose/abc/memory.peak': '20971520\n',
    'tscompose/abc/memory.stat': 'anon 8388608\nfile 2097152\ninactive_file 1048576\n',
    'tscompose/abc/memory.events': 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n',
    'tscompose/abc/cpu.stat': 'usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 10\nnr_throttled 4\nthrottled_usec 120000\n',
    'tscompose/abc/pids.current': '3\n',
    'tscompose/abc/pids.max': 'max\n',
    'tscompose/abc/io.stat': '8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n254:0 rbytes=100 wbytes=0 rios=1 wios=0\n',
  };

  it('is detected as v2 with its controllers and features', () => {
    const layout = detectCgroupLayout(fake(files));
    expect(layout.mode).toBe('v2');
    expect(layout.unifiedControllers).toEqual(['cpuset', 'cpu', 'io', 'memory', 'pids']);
    expect(cgroupFeatures(layout)).toMatchObject({ memoryLimit: true, memorySwap: true, oomKillDisable: false, memorySwappiness: false, blkioWeight: true, pids: true });
    expect(crunRefusal(layout)).toBeUndefined();
  });

  it('reads usage, limits, throttling, io and OOM kills', () => {
    const layout = detectCgroupLayout(fake(files));
    expect(readCgroupStats(layout, CG)).toEqual({
      memory: { usage: 10485760, limit: 67108864, inactiveFile: 1048576, maxUsage: 20971520 },
      cpu: { usageNs: 2_500_000_000, userNs: 2_000_000_000, systemNs: 500_000_000, throttledPeriods: 4, throttledNs: 120_000_000 },
      pids: { current: 3, limit: undefined },
      blkio: { readBytes: 4196, writeBytes: 8192 },
    });
    expect(oomKillCount(layout, CG)).toBe(1);
  });

  it('a controller the host does not delegate is a missing feature', () => {
    const layout = detectCgroupLayout(fake({ 'cgroup.controllers': 'memory pids\n' }));
    expect(cgroupFeatures(layout)).toMatchObject({ memoryLimit: true, cpuShares: false, cpuCfs: false, cpuset: false, blkioWeight: false });
  });
});

describe('cgroup v1 and hybrid (fake cgroupfs)', () => {
  const v1 = {
    'memory/cgroup.procs': '',
    'memory/memory.limit_in_bytes': '9223372036854771712\n',
    'memory/memory.soft_limit_in_bytes': '',
    'memory/memory.oom_control': '',
    'memory/tscompose/abc/memory.usage_in_bytes': '5242880\n',
    'memory/tscompose/abc/memory.limit_in_bytes': '9223372036854771712\n',
    'memory/tscompose/abc/memory.max_usage_in_bytes': '6291456\n',
    'memory/tscompose/abc/memory.stat': 'cache 0\nrss 0\ntotal_inactive_file 524288\n',
    'memory/tscompose/abc/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n',
    'cpu/cgroup.procs': '',
    'cpu/cpu.shares': '1024\n',
    'cpu/cpu.cfs_quota_us': '-1\n',
    'cpu/tscompose/abc/cpu.stat': 'nr_periods 5\nnr_throttled 2\nthrottled_time 3000\n',
    'cpuacct/cgroup.procs': '',
    'cpuacct/tscompose/abc/cpuacct.usage': '123456789\n',
    'cpuacct/tscompose/abc/cpuacct.stat': 'user 7\nsystem 3\n',
    'pids/cgroup.procs': '',
    'pids/tscompose/abc/pids.current': '2\n',
    'pids/tscompose/abc/pids.max': '64\n',
    'blkio/cgroup.procs': '',
    'blkio/blkio.throttle.io_service_bytes': '',
    'blkio/tscompose/abc/blkio.throttle.io_service_bytes_recursive': '8:0 Read 100\n8:0 Write 200\n8:0 Sync 300\n8:0 Total 300\nTotal 300\n',
  };

  it('is v1 without a unified mount, and hybrid with one', () => {
    expect(detectCgroupLayout(fake(v1)).mode).toBe('v1');
    rmSync(root, { recursive: true, force: true });
    const hybrid = detectCgroupLayout(fake({ ...v1, 'unified/cgroup.controllers': 'hugetlb\n' }));
    expect(hybrid.mode).toBe('hybrid');
    expect(Object.keys(hybrid.v1).sort()).toEqual(['blkio', 'cpu', 'cpuacct', 'memory', 'pids']);
    expect(crunRefusal(hybrid)).toMatch(/^crun does not support cgroups in hybrid mode: .* with controllers \(hugetlb\)/);
    rmSync(root, { recursive: true, force: true });
    expect(crunRefusal(detectCgroupLayout(fake({ ...v1, 'unified/cgroup.controllers': '' })))).toBeUndefined();
  });

  it('knows which limits this kernel lacks', () => {
    const f = cgroupFeatures(detectCgroupLayout(fake(v1)));
    expect(f).toMatchObject({ memoryLimit: true, memorySwap: false, memorySwappiness: false, cpuShares: true, cpuCfs: true, cpuset: false, pids: true, blkioWeight: false });
  });

  it('reads per-controller files', () => {
    const layout = detectCgroupLayout(fake(v1));
    expect(readCgroupStats(layout, CG)).toEqual({
      memory: { usage: 5242880, limit: undefined, inactiveFile: 524288, maxUsage: 6291456 },
      cpu: { usageNs: 123456789, userNs: 70_000_000, systemNs: 30_000_000, throttledPeriods: 2, throttledNs: 3000 },
      pids: { current: 2, limit: 64 },
      blkio: { readBytes: 100, writeBytes: 200 },
    });
    expect(oomKillCount(layout, CG)).toBe(0);
  });
});

describe('proc readers', () => {
  it('sums host CPU time and container network bytes without lo', () => {
    const proc = fake({
      stat: 'cpu  100 0 50 800 10 0 40 0 0 0\ncpu0 50 0 25 400 5 0 20 0 0 0\n',
      '42/net/dev':
        'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n    lo:     500       5    0    0    0     0          0         0      500       5    0    0    0     0       0          0\n  eth0:    1000      10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0\n',
    });
    expect(systemCpuNs(proc)).toBe(1000 * 10_000_000);
    expect(networkBytes(42, proc)).toEqual({ rx: 1000, tx: 2000 });
  });
});
