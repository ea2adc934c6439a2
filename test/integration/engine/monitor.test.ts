/**
 * The monitor outlives the process that started the container: after that
 * Node process has exited the container still runs, its log still grows,
 * and another engine instance can exec into it, stop it and read its exit.
 * The monitor's memory is checked against conmon's 2.0 MiB here too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, eventually, monitorsUnder, newLab, runtimesHere, skipReason, type Lab } from './support.js';

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0');
}

function parentOf(pid: number): number {
  return Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0');
}

describe.skipIf(skipReason !== undefined)(`the monitor${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: Lab;
  beforeAll(() => {
    lab = newLab();
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  for (const rt of skipReason === undefined ? runtimesHere() : []) {
    it(`${rt.name}: keeps the container running, logged and stoppable after its starter exited; RSS under 2 MiB`, async () => {
      const name = `tscte-${rt.name}-detached`;
      const script = join(import.meta.dirname, 'fixtures', 'create-and-exit.ts');
      const out = execFileSync(process.execPath, ['--import', 'tsx', script, lab.roots.run, lab.roots.lib, lab.layer, rt.name, rt.binary, lab.cgroupParent, name], { encoding: 'utf8' });
      const id = out.trim();
      const engine = lab.engine(rt.name, rt.binary);
      expect(await engine.find(name)).toBe(id);
      const info = await engine.inspect(id);
      expect(info.state.status).toBe('running');
      const [monitor] = monitorsUnder(info.paths.bundle);
      expect(monitor).toBeGreaterThan(0);
      // Its starter is gone: the monitor now hangs off init (or the nearest subreaper), in its own session.
      expect(parentOf(monitor ?? 0)).not.toBe(process.pid);
      expect(execFileSync('ps', ['-o', 'sid=', '-p', String(monitor)], { encoding: 'utf8' }).trim()).toBe(String(monitor));
      const rss = rssKiB(monitor ?? 0);
      console.log(`${rt.name}: monitor RSS ${rss} KiB`);
      expect(rss).toBeLessThan(2048);
      const count = async (): Promise<number> => {
        let n = 0;
        for await (const _ of engine.logs(id)) n++;
        return n;
      };
      const before = await count();
      await eventually(async () => (await count()) > before + 3, 'the log to grow');
      const ex = await engine.exec(id, { args: ['sh', '-c', 'echo alive'] });
      expect(await collect(ex.stdout)).toBe('alive\n');
      await engine.stop(id, { timeout: 1 });
      expect((await engine.inspect(id)).state).toMatchObject({ status: 'exited', exitCode: 137 });
      await eventually(() => monitorsUnder(info.paths.bundle).length === 0, 'the monitor to exit');
      await engine.remove(id);
    });
  }
});
