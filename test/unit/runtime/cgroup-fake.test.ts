/**
 * The cgroup manager against fake cgroupfs trees in a temp dir (no root):
 * v2, v1 and hybrid. The fake holds the interface files a real kernel would
 * create, so what the runtime writes and warns about can be read back.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { driver, driverMissing } from './driver.js';

let roots: string[] = [];
afterEach(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  roots = [];
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tsctr-cgfs-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

function resources(root: string, r: unknown): string {
  const file = join(root, '..', `${root.split('/').pop()}-resources.json`);
  writeFileSync(file, JSON.stringify(r));
  roots.push(file);
  return file;
}

const V2_LEAF = ['memory.max', 'memory.low', 'memory.swap.max', 'cpu.weight', 'cpu.max', 'cpuset.cpus', 'cpuset.mems', 'pids.max', 'io.weight', 'hugetlb.2MB.max', 'cgroup.procs'];

function v2Tree(controllers = 'cpuset cpu io memory hugetlb pids'): string {
  const files: Record<string, string> = {
    'cgroup.controllers': `${controllers}\n`,
    'cgroup.subtree_control': '',
    'tsctr-p/cgroup.controllers': `${controllers}\n`,
    'tsctr-p/cgroup.subtree_control': '',
    'tsctr-p/c1/cgroup.controllers': `${controllers}\n`,
  };
  for (const f of V2_LEAF) files[`tsctr-p/c1/${f}`] = '';
  return tree(files);
}

describe.skipIf(driverMissing !== undefined)(`cgroup v2 (fake cgroupfs)${driverMissing ? ` (skipped: ${driverMissing})` : ''}`, () => {
  it('is detected by cgroup.controllers at the root and writes the v2 files', () => {
    const root = v2Tree();
    const res = resources(root, {
      memory: { limit: 67108864, reservation: 33554432, swap: 134217728 },
      cpu: { shares: 1024, quota: 50000, period: 100000, cpus: '0', mems: '0' },
      pids: { limit: 64 },
      blockIO: { weight: 500 },
      hugepageLimits: [{ pageSize: '2MB', limit: 4194304 }],
    });
    const r = driver('cgroup', root, '/tsctr-p/c1', 'c1', res);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'v2', ownDepth: 2, dirs: { unified: join(root, 'tsctr-p/c1') } });
    const leaf = 'tsctr-p/c1';
    expect(read(root, `${leaf}/memory.max`)).toBe('67108864');
    expect(read(root, `${leaf}/memory.low`)).toBe('33554432');
    // v1's swap is memory+swap; v2 limits swap alone
    expect(read(root, `${leaf}/memory.swap.max`)).toBe(String(134217728 - 67108864));
    expect(read(root, `${leaf}/cpu.weight`)).toBe('100');
    expect(read(root, `${leaf}/cpu.max`)).toBe('50000 100000');
    expect(read(root, `${leaf}/cpuset.cpus`)).toBe('0');
    expect(read(root, `${leaf}/pids.max`)).toBe('64');
    expect(read(root, `${leaf}/io.weight`)).toBe(`default ${1 + Math.floor(((500 - 10) * 9999) / 990)}`);
    expect(read(root, `${leaf}/hugetlb.2MB.max`)).toBe('4194304');
    // every ancestor passes the controllers down, in one write each
    expect(read(root, 'cgroup.subtree_control')).toBe('+cpuset +cpu +io +memory +hugetlb +pids');
    expect(read(root, 'tsctr-p/cgroup.subtree_control')).toBe('+cpuset +cpu +io +memory +hugetlb +pids');
  });

  it('warns, naming the limit, when a controller or file is missing, and applies the rest', () => {
    const root = v2Tree('cpu memory pids');
    rmSync(join(root, 'tsctr-p/c1/memory.swap.max'));
    const res = resources(root, { memory: { limit: 1048576, swap: 2097152 }, blockIO: { weight: 300 }, pids: { limit: -1 } });
    const r = driver('cgroup', root, '/tsctr-p/c1', 'c1', res);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('blockIO: the cgroup v2 io controller is not available');
    expect(r.stderr).toContain('memory.swap: the kernel has no memory.swap.max');
    expect(read(root, 'tsctr-p/c1/memory.max')).toBe('1048576');
    expect(read(root, 'tsctr-p/c1/pids.max')).toBe('max');
  });

  it('rejects a swap limit below the memory limit', () => {
    const root = v2Tree();
    const r = driver('cgroup', root, '/tsctr-p/c1', 'c1', resources(root, { memory: { limit: 2097152, swap: 1048576 } }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('memory.swap: must be at least memory.limit');
  });

  it('removes the container cgroup and the empty parents of its path on destroy', () => {
    const root = tree({ 'cgroup.controllers': '', 'cgroup.subtree_control': '' });
    expect(driver('cgroup', root, '/tsctr-p/q/c2', 'c2').status).toBe(0);
    expect(existsSync(join(root, 'tsctr-p/q/c2'))).toBe(true);
    expect(driver('cgroup-destroy', root, '/tsctr-p/q/c2', 'c2').status).toBe(0);
    expect(existsSync(join(root, 'tsctr-p'))).toBe(false);
  });

  it('keeps a parent another container still uses', () => {
    const root = tree({ 'cgroup.controllers': '', 'cgroup.subtree_control': '' });
    driver('cgroup', root, '/tsctr-p/a', 'a');
    driver('cgroup', root, '/tsctr-p/b', 'b');
    expect(driver('cgroup-destroy', root, '/tsctr-p/a', 'a').status).toBe(0);
    expect(existsSync(join(root, 'tsctr-p/b'))).toBe(true);
  });
});

describe.skipIf(driverMissing !== undefined)('cgroup v1 and hybrid (fake cgroupfs)', () => {
  const v1Files = (): Record<string, string> => {
    const f: Record<string, string> = { 'cpuset/cpuset.cpus': '0-1\n', 'cpuset/cpuset.mems': '0\n' };
    const leaf: Record<string, string[]> = {
      memory: ['memory.limit_in_bytes', 'memory.soft_limit_in_bytes', 'memory.memsw.limit_in_bytes'],
      cpu: ['cpu.shares', 'cpu.cfs_quota_us', 'cpu.cfs_period_us'],
      pids: ['pids.max'],
      blkio: ['blkio.bfq.weight'],
      cpuset: ['cpuset.cpus', 'cpuset.mems'],
    };
    for (const [ctl, files] of Object.entries(leaf)) {
      f[`${ctl}/cgroup.procs`] = '';
      for (const file of files) f[`${ctl}/tsctr-v1/${file}`] = file === 'memory.memsw.limit_in_bytes' ? '9223372036854771712' : '';
    }
    return f;
  };

  it('writes one hierarchy per controller, BFQ\'s weight without CFQ, and fills a new cpuset from its parent', () => {
    const root = tree(v1Files());
    const res = resources(root, { memory: { limit: 67108864, swap: 134217728 }, cpu: { shares: 512, quota: 20000, period: 100000 }, pids: { limit: 10 }, blockIO: { weight: 200 } });
    const r = driver('cgroup', root, '/tsctr-v1', 'x', res);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).mode).toBe('v1');
    expect(read(root, 'memory/tsctr-v1/memory.limit_in_bytes')).toBe('67108864');
    expect(read(root, 'memory/tsctr-v1/memory.memsw.limit_in_bytes')).toBe('134217728');
    expect(read(root, 'cpu/tsctr-v1/cpu.shares')).toBe('512');
    expect(read(root, 'cpu/tsctr-v1/cpu.cfs_quota_us')).toBe('20000');
    expect(read(root, 'pids/tsctr-v1/pids.max')).toBe('10');
    expect(read(root, 'blkio/tsctr-v1/blkio.bfq.weight')).toBe('200');
    expect(read(root, 'cpuset/tsctr-v1/cpuset.cpus')).toBe('0-1\n');
  });

  it('in hybrid mode puts hugetlb on the v2 mount and warns about what neither has', () => {
    const files = v1Files();
    files['unified/cgroup.controllers'] = 'hugetlb\n';
    files['unified/cgroup.subtree_control'] = '';
    files['unified/tsctr-v1/cgroup.controllers'] = 'hugetlb\n';
    files['unified/tsctr-v1/hugetlb.2MB.max'] = '';
    const root = tree(files);
    const res = resources(root, { hugepageLimits: [{ pageSize: '2MB', limit: 2097152 }], network: { classID: 7 }, memory: { kernel: 1048576 } });
    const r = driver('cgroup', root, '/tsctr-v1', 'x', res);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).mode).toBe('hybrid');
    expect(read(root, 'unified/tsctr-v1/hugetlb.2MB.max')).toBe('2097152');
    expect(read(root, 'unified/cgroup.subtree_control')).toBe('+hugetlb');
    expect(r.stderr).toContain('network.classID: the net_cls cgroup is not mounted; not applied');
    expect(r.stderr).toContain('memory.kernel: kernel memory limits are not supported');
  });

  it('refuses unified resources on a v1-only host', () => {
    const root = tree(v1Files());
    const r = driver('cgroup', root, '/tsctr-v1', 'x', resources(root, { unified: { 'memory.high': '1000000' } }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('linux.resources.unified needs cgroup v2');
  });
});

describe.skipIf(driverMissing !== undefined)('shares to weight', () => {
  it('maps v1 cpu.shares onto v2 cpu.weight with 1024 -> 100', () => {
    expect(driver('shares-to-weight', '1024').stdout.trim()).toBe('100');
    expect(driver('shares-to-weight', '2').stdout.trim()).toBe('1');
    expect(driver('shares-to-weight', '262144').stdout.trim()).toBe('10000');
    expect(Number(driver('shares-to-weight', '512').stdout)).toBeLessThan(100);
  });
});
