/**
 * What the engine does with the container's cgroup, with each runtime: a
 * memory limit the process exceeds gets it OOM-killed and reported so,
 * pause freezes every process (a counter stops) and resume thaws it, stats
 * and top read the live container, and remove takes the cgroups away.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCgroupLayout } from '../../../src/engine/cgroups/mode.js';
import type { ContainerEngine } from '../../../src/engine/index.js';
import { eventually, newLab, runtimesHere, skipReason, type Lab } from './support.js';

const image = { Env: ['PATH=/bin'] };
const layout = skipReason === undefined ? detectCgroupLayout() : undefined;

describe.skipIf(skipReason !== undefined)(`engine cgroups${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: Lab;
  beforeAll(() => {
    lab = newLab();
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  for (const rt of skipReason === undefined ? runtimesHere() : []) {
    describe(rt.name, () => {
      let engine: ContainerEngine;
      beforeAll(() => {
        engine = lab.engine(rt.name, rt.binary);
      });
      const create = async (name: string, extra: object) =>
        (await engine.create({ name: `tscte-${rt.name}-${name}`, layerDirs: [lab.layer], description: { image, ...extra } })).id;

      it('a process over its memory limit is OOM-killed and the exit says so', async () => {
        const mib = 1024 * 1024;
        const id = await create('oom', { command: ['sh', '-c', 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo survived'], memLimit: 16 * mib, memswapLimit: 16 * mib });
        await engine.start(id);
        expect(await engine.wait(id)).toEqual({ exitCode: 137, oomKilled: true });
        expect((await engine.inspect(id)).state).toMatchObject({ status: 'exited', exitCode: 137, oomKilled: true });
        await engine.remove(id);
      });

      it('a process within its limit is not reported as OOM-killed', async () => {
        const id = await create('nooom', { command: ['sh', '-c', 'exit 137'], memLimit: 64 * 1024 * 1024 });
        await engine.start(id);
        expect(await engine.wait(id)).toEqual({ exitCode: 137, oomKilled: false });
        await engine.remove(id);
      });

      it('pause freezes the processes and resume thaws them', async () => {
        const id = await create('pause', { command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i > /tmp/n; sleep 0.05; done'] });
        await engine.start(id);
        const counter = join((await engine.inspect(id)).paths.rootfs, 'tmp', 'n');
        const read = (): number => Number(readFileSync(counter, 'utf8').trim() || '0');
        await eventually(() => existsSync(counter) && read() > 2, 'the counter to run');
        await engine.pause(id);
        expect((await engine.inspect(id)).state).toMatchObject({ status: 'paused', paused: true, running: true });
        const frozen = read();
        await new Promise((r) => setTimeout(r, 400));
        expect(read()).toBe(frozen);
        await expect(engine.exec(id, { args: ['true'] })).rejects.toThrow(/is paused, unpause the container before exec/);
        await engine.resume(id);
        await eventually(() => read() > frozen + 2, 'the counter to move again');
        expect((await engine.inspect(id)).state.status).toBe('running');
        await engine.pause(id);
        await engine.stop(id, { timeout: 1 });
        expect((await engine.inspect(id)).state.status).toBe('exited');
        await engine.remove(id);
      });

      it('stats read the live cgroup and top lists its processes; remove takes the cgroup away', async () => {
        const id = await create('stats', { command: ['sh', '-c', 'sleep 30 & sleep 31 & wait'], memLimit: 64 * 1024 * 1024, pidsLimit: 50 });
        await engine.start(id);
        const top = await eventually(async () => {
          const t = await engine.top(id);
          return t.processes.length >= 3 ? t : undefined;
        }, 'three processes');
        expect(top.titles).toContain('PID');
        expect(top.processes.map((p) => p.at(-1))).toEqual(expect.arrayContaining(['sleep 30', 'sleep 31']));
        const s = await engine.stats(id);
        expect(s.memory.limit).toBe(64 * 1024 * 1024);
        expect(s.memory.usage).toBeGreaterThan(0);
        expect(s.pids).toEqual({ current: 3, limit: 50 });
        expect(s.cpu.usageNs).toBeGreaterThan(0);
        expect(s.systemCpuNs).toBeGreaterThan(s.cpu.usageNs);
        const cgroup = (await engine.inspect(id)).description.cgroupsPath ?? '';
        const memDir = join(layout?.v1.memory ?? '/sys/fs/cgroup', cgroup);
        expect(existsSync(memDir)).toBe(true);
        await engine.remove(id, { force: true });
        expect(existsSync(memDir)).toBe(false);
        expect(existsSync(join(layout?.v1.memory ?? '/sys/fs/cgroup', lab.cgroupParent))).toBe(false);
      });
    });
  }
});
