/**
 * The container's stdio through the monitor, with each runtime: attach with
 * stdin and with a terminal (resize included), exec with a terminal, log
 * rotation by size and count, and `logs --follow` across a restart.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerEngine, LogEntry } from '../../../src/engine/index.js';
import { collect, eventually, newLab, runtimesHere, skipReason, type Lab } from './support.js';

const image = { Env: ['PATH=/bin'] };

async function until(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  let seen = '';
  for await (const chunk of stream) {
    seen += chunk.toString();
    if (pattern.test(seen)) return seen;
  }
  throw new Error(`stream ended before ${pattern}: ${JSON.stringify(seen)}`);
}

describe.skipIf(skipReason !== undefined)(`engine stdio and logs${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
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
      const create = async (name: string, extra: object, logging = {}) =>
        (await engine.create({ name: `tscte-${rt.name}-${name}`, layerDirs: [lab.layer], description: { image, ...extra }, logging })).id;

      it('attach: stdin reaches the process, its output comes back, EOF ends it with the exit code', async () => {
        const id = await create('attach', { command: ['sh', '-c', 'cat; echo done >&2; exit 6'], stdinOpen: true });
        const a = await engine.attach(id);
        await engine.start(id);
        a.write('hello through attach\n');
        expect(await until(a.stdout, /hello through attach\n/)).toBe('hello through attach\n');
        a.closeStdin();
        const [err, exit] = await Promise.all([collect(a.stderr), a.exit]);
        expect(err).toBe('done\n');
        expect(exit).toEqual({ exitCode: 6, oomKilled: false });
        await expect(engine.attach(id)).rejects.toThrow('You cannot attach to a stopped container');
        await engine.remove(id);
      });

      it('attach with a terminal: the window size follows resize, input is echoed', async () => {
        const id = await create('tty', { command: ['sh'], tty: true, stdinOpen: true });
        await engine.start(id);
        const a = await engine.attach(id);
        a.resize(33, 101);
        a.write('stty size; exit 3\n');
        // The line's end may come in a chunk of its own: wait for it, not just the numbers (the \r is the pty's);
        // a stream that ends without it fails the wait.
        await until(a.stdout, /33 101\r\n/);
        expect(await a.exit).toEqual({ exitCode: 3, oomKilled: false });
        const lines: LogEntry[] = [];
        for await (const e of engine.logs(id)) lines.push(e);
        expect(lines.map((l) => l.text).join('')).toContain('33 101\r\n');
        expect(lines.every((l) => l.stream === 'stdout')).toBe(true);
        await engine.remove(id);
      });

      it('exec with a terminal: a pty of the given size, stdin through it', async () => {
        const id = await create('exectty', { command: ['sleep', '30'] });
        await engine.start(id);
        const ex = await engine.exec(id, { args: ['sh', '-c', 'read line; stty size; tty; echo "got $line"; exit 9'], tty: true, stdin: true });
        ex.resize(21, 77);
        await new Promise((r) => setTimeout(r, 200));
        ex.stdin?.write('abc\n');
        const [out, exit] = await Promise.all([collect(ex.stdout), ex.exit]);
        expect(out).toMatch(/21 77\r\n\/dev\/pts\/\d+\r\ngot abc\r\n/);
        expect(exit.exitCode).toBe(9);
        await engine.remove(id, { force: true });
      });

      it('rotates the log by size and keeps max-file files, reading them oldest first', async () => {
        const id = await create('rotate', { command: ['sh', '-c', 'for i in $(seq 1 300); do echo "line $i of the rotation test"; done'] }, { maxSize: 4096, maxFiles: 3 });
        await engine.start(id);
        await engine.wait(id);
        const log = (await engine.inspect(id)).paths.log ?? '';
        expect([existsSync(log), existsSync(`${log}.1`), existsSync(`${log}.2`), existsSync(`${log}.3`)]).toEqual([true, true, true, false]);
        const lines: string[] = [];
        for await (const e of engine.logs(id)) lines.push(e.text);
        expect(lines.length).toBeGreaterThan(50);
        expect(lines.length).toBeLessThan(300);
        expect(lines.at(-1)).toBe('line 300 of the rotation test\n');
        const n = lines.map((l) => Number(/line (\d+)/.exec(l)?.[1]));
        expect(n).toEqual(n.map((_, i) => (n[0] ?? 0) + i));
        const tail: string[] = [];
        for await (const e of engine.logs(id, { tail: 2 })) tail.push(e.text);
        expect(tail).toEqual(['line 299 of the rotation test\n', 'line 300 of the rotation test\n']);
        await engine.remove(id);
      });

      it('one log file with a size limit is truncated instead', async () => {
        const id = await create('truncate', { command: ['sh', '-c', 'for i in $(seq 1 200); do echo "entry $i"; done'] }, { maxSize: 2000, maxFiles: 1 });
        await engine.start(id);
        await engine.wait(id);
        const log = (await engine.inspect(id)).paths.log ?? '';
        expect(existsSync(`${log}.1`)).toBe(false);
        const lines: string[] = [];
        for await (const e of engine.logs(id)) lines.push(e.text);
        expect(lines.at(-1)).toBe('entry 200\n');
        expect(lines.length).toBeLessThan(60);
        await engine.remove(id);
      });

      it('follow keeps reading across a restart of the process, since and until bound it', async () => {
        const id = await create('follow', { command: ['sh', '-c', 'echo begin; sleep 0.3; echo end'] });
        await engine.start(id);
        const ac = new AbortController();
        const seen: LogEntry[] = [];
        const reader = (async () => {
          for await (const e of engine.logs(id, { follow: true, signal: ac.signal })) {
            seen.push(e);
            if (seen.filter((s) => s.text === 'end\n').length === 2) ac.abort();
          }
        })();
        await engine.wait(id);
        await engine.start(id);
        await eventually(() => seen.length >= 4, 'both runs to be followed');
        await reader;
        expect(seen.map((e) => e.text)).toEqual(['begin\n', 'end\n', 'begin\n', 'end\n']);
        const since = seen[2]?.time ?? '';
        const later: string[] = [];
        for await (const e of engine.logs(id, { since })) later.push(e.text);
        expect(later).toEqual(['begin\n', 'end\n']);
        const earlier: string[] = [];
        for await (const e of engine.logs(id, { until: since })) earlier.push(e.text);
        expect(earlier).toEqual(['begin\n', 'end\n']);
        await engine.wait(id);
        await engine.remove(id);
      });
    });
  }
});
