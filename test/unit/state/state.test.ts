import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireProjectLock, currentProcess } from '../../../src/state/lock.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctu-state-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const container = (name: string, service = 'web'): ContainerRecord => ({
  name, id: `id-${name}`, service, number: 1, oneOff: false, hash: 'h', image: 'busybox', imageId: 'sha256:1',
  networks: ['p_default'], volumes: [], anonymousVolumes: [], mounts: [], dependsOn: [], stop: { signal: 'SIGTERM', timeoutSeconds: 10 },
  restart: { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: '2024-01-01T00:00:00.000Z',
});

describe('ProjectStore and ProjectRecorder', () => {
  it('writes every change atomically and reads it back', () => {
    const store = new ProjectStore(join(root, 'projects'));
    const at = new Date('2024-01-02T03:04:05Z');
    const rec = new ProjectRecorder(store, 'p', () => at, { workingDir: '/w', configFiles: ['/w/compose.yaml'] });
    rec.putNetwork({ key: 'default', name: 'p_default' });
    rec.putContainer(container('p-web-1'));
    rec.putContainer(container('p-db-1', 'db'));
    const back = store.read('p');
    expect(back?.containers.map((c) => c.name)).toEqual(['p-db-1', 'p-web-1']);
    expect(back).toMatchObject({ version: 1, name: 'p', workingDir: '/w', updatedAt: '2024-01-02T03:04:05.000Z' });
    expect(readFileSync(store.path('p'), 'utf8')).toMatch(/^\{\n {2}"version": 1,/);
    expect(store.list().map((r) => r.name)).toEqual(['p']);
  });

  it('writes the changes asked for in one turn once, in the order asked, each caller told when it is on disk', async () => {
    const store = new ProjectStore(join(root, 'projects'));
    const rec = new ProjectRecorder(store, 'p');
    rec.putContainer(container('p-a-1', 'a'));
    rec.putContainer(container('p-b-1', 'b'));
    let writes = 0;
    const write = store.write.bind(store);
    store.write = (r) => {
      writes++;
      write(r);
    };
    const marked = ['p-a-1', 'p-b-1'].map((n) => rec.putContainerSoon({ ...container(n, n.slice(2, 3)), stoppedByUser: true }));
    expect(store.read('p')?.containers.every((c) => !c.stoppedByUser)).toBe(true);
    await Promise.all(marked);
    expect(writes).toBe(1);
    expect(store.read('p')?.containers.every((c) => c.stoppedByUser)).toBe(true);
    // A change made at once while others wait takes them along, after them.
    const dropped = rec.dropContainerSoon('p-a-1');
    rec.putContainer({ ...container('p-a-1', 'a'), hash: 'again' });
    expect(store.read('p')?.containers.find((c) => c.name === 'p-a-1')?.hash).toBe('again');
    await dropped;
    expect(writes).toBe(2);
    expect(rec.current.containers.find((c) => c.name === 'p-a-1')?.hash).toBe('again');
  });

  it('forgets a project with nothing left, keeps one that still has volumes', () => {
    const store = new ProjectStore(join(root, 'projects'));
    const rec = new ProjectRecorder(store, 'p');
    rec.putContainer(container('p-web-1'));
    rec.putVolume({ key: 'data', name: 'p_data' });
    rec.dropContainer('p-web-1');
    rec.finish();
    expect(store.read('p')?.volumes).toHaveLength(1);
    rec.dropVolume('p_data');
    rec.finish();
    expect(existsSync(join(root, 'projects', 'p'))).toBe(false);
  });

  it('refuses a record of another version or a corrupt one, naming the file', () => {
    const store = new ProjectStore(join(root, 'projects'));
    mkdirSync(join(root, 'projects', 'p'), { recursive: true });
    writeFileSync(store.path('p'), '{"version": 9}');
    expect(() => store.read('p')).toThrow(`${store.path('p')}: record version 9 is not one this tscompose reads (it reads version 1)`);
    writeFileSync(store.path('p'), '{"version": 1');
    expect(() => store.read('p')).toThrow(/project\.json: not JSON/);
  });
});

describe('acquireProjectLock', () => {
  it('is exclusive: a second taker waits, says for whom, and gets it after release', async () => {
    const first = await acquireProjectLock(root, 'p', { command: 'tscompose up' });
    const told: string[] = [];
    let released = false;
    const second = acquireProjectLock(root, 'p', {
      command: 'tscompose down',
      self: { pid: process.pid, startTime: 1, command: 'tscompose down' },
      onWait: (h) => told.push(h),
      sleep: async () => {
        if (!released) {
          released = true;
          first.release();
        }
      },
    });
    const held = await second;
    expect(told).toEqual([`tscompose up (pid ${process.pid})`]);
    expect(JSON.parse(readFileSync(held.path, 'utf8'))).toMatchObject({ command: 'tscompose down', startTime: 1 });
    held.release();
    expect(existsSync(held.path)).toBe(false);
  });

  it('fails clearly after the timeout', async () => {
    await acquireProjectLock(root, 'p', { command: 'tscompose up' });
    await expect(acquireProjectLock(root, 'p', { command: 'tscompose up', timeoutMs: 300, pollMs: 100, sleep: async () => {} })).rejects.toThrow(
      `project "p" is locked by tscompose up (pid ${process.pid}); gave up after waiting 0s`,
    );
  });

  it('takes over the lock of a dead process, or of a reused pid', async () => {
    const dir = join(root, 'projects', 'p');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lock'), JSON.stringify({ version: 1, pid: 999_999_999, startTime: 5, command: 'tscompose up' }));
    const a = await acquireProjectLock(root, 'p', { command: 'x', timeoutMs: 0 });
    a.release();
    const me = currentProcess('old');
    writeFileSync(join(dir, 'lock'), JSON.stringify({ version: 1, pid: me.pid, startTime: me.startTime + 1, command: 'old' }));
    const b = await acquireProjectLock(root, 'p', { command: 'x', timeoutMs: 0 });
    expect(JSON.parse(readFileSync(b.path, 'utf8')).command).toBe('x');
    b.release();
  });
});
