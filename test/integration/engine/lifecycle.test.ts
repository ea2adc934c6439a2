/**
 * The container lifecycle through the engine, with each runtime this host
 * has: create leaves a waiting process, start runs it, exec runs beside it,
 * stop honours the grace period, kill delivers the signal, the exit record
 * says how it ended, start again reuses the rootfs, remove leaves nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerEngine } from '../../../src/engine/index.js';
import { collect, eventually, monitorsUnder, newLab, runtimesHere, skipReason, type Lab } from './support.js';

const image = { Env: ['PATH=/bin'] };

describe.skipIf(skipReason !== undefined)(`engine lifecycle${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: Lab;
  beforeAll(() => {
    lab = newLab();
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  const runtimes = skipReason === undefined ? runtimesHere() : [];
  for (const rt of runtimes) {
    describe(rt.name, () => {
      let engine: ContainerEngine;
      beforeAll(() => {
        engine = lab.engine(rt.name, rt.binary);
      });
      const create = async (name: string, command: string[], extra = {}) =>
        (await engine.create({ name: `tscte-${rt.name}-${name}`, layerDirs: [lab.layer], description: { image, command, ...extra } })).id;

      it('create waits for start; start runs the process with Docker’s defaults; the exit record keeps the code', async () => {
        const id = await create('run', ['sh', '-c', 'echo "caps $(grep CapBnd /proc/self/status | cut -f2)"; hostname; id; exit 3']);
        const created = await engine.inspect(id);
        expect(created.state).toMatchObject({ status: 'created', running: false, startedAt: '' });
        expect((await engine.summaries()).find((c) => c.id === id)).toEqual({ id, name: `tscte-${rt.name}-run`, image: created.image, labels: created.labels });
        expect(existsSync(join(created.paths.bundle, 'config.json'))).toBe(true);
        await engine.start(id);
        expect(await engine.wait(id)).toEqual({ exitCode: 3, oomKilled: false });
        const info = await engine.inspect(id);
        expect(info.state).toMatchObject({ status: 'exited', exitCode: 3, running: false });
        expect(info.state.finishedAt >= info.state.startedAt.slice(0, 19)).toBe(true);
        const exit = JSON.parse(readFileSync(join(info.paths.bundle, 'exit'), 'utf8')) as { exitCode: number; version: number };
        expect(exit).toMatchObject({ version: 1, exitCode: 3 });
        const lines: string[] = [];
        for await (const e of engine.logs(id)) lines.push(e.text);
        // Docker's 14 capabilities as a mask.
        expect(lines[0]).toBe('caps 00000000a80425fb\n');
        expect(lines[1]).toBe(`${id.slice(0, 12)}\n`);
        expect(lines[2]).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
        await engine.remove(id);
        expect((await engine.summaries()).some((c) => c.id === id)).toBe(false);
      });

      it('exec runs beside the main process with its env, user and workdir, and returns its exit code', async () => {
        const id = await create('exec', ['sleep', '30'], { env: ['FROM_SERVICE=1'] });
        await engine.start(id);
        const ex = await engine.exec(id, { args: ['sh', '-c', 'echo "$FROM_SERVICE $EXTRA $(id -u) $PWD"; echo oops >&2; exit 4'], env: ['EXTRA=x'], user: 'app', workdir: '/tmp' });
        const [out, err, exit] = await Promise.all([collect(ex.stdout), collect(ex.stderr), ex.exit]);
        expect(out).toBe('1 x 1000 /tmp\n');
        expect(err).toBe('oops\n');
        expect(exit).toEqual({ exitCode: 4, signal: 0 });
        await expect(engine.exec(id, { args: ['no-such-program'] })).rejects.toMatchObject({ exitCode: 127, message: expect.stringMatching(/no-such-program/) });
        const detached = await engine.exec(id, { args: ['sh', '-c', 'echo bg > /tmp/bg; exit 2'], detach: true });
        expect(await detached.exit).toEqual({ exitCode: 2, signal: 0 });
        expect(readFileSync(join((await engine.inspect(id)).paths.rootfs, 'tmp', 'bg'), 'utf8')).toBe('bg\n');
        await engine.remove(id, { force: true });
      });

      it('stop sends the signal and waits the grace period; a process that ignores it is killed', async () => {
        const polite = await create('polite', ['sh', '-c', 'trap "echo got-term; exit 5" TERM; echo ready; while true; do sleep 0.1; done']);
        await engine.start(polite);
        await eventually(async () => {
          for await (const e of engine.logs(polite)) if (e.text === 'ready\n') return true;
          return false;
        }, 'the trap to be set');
        const t0 = Date.now();
        // A grace period far longer than the handler needs: stop must return when the process exits, not at the deadline.
        await engine.stop(polite, { timeout: 60 });
        expect(Date.now() - t0).toBeLessThan(30_000);
        expect((await engine.inspect(polite)).state.exitCode).toBe(5);
        const stubborn = await create('stubborn', ['sleep', '30']);
        await engine.start(stubborn);
        const t1 = Date.now();
        await engine.stop(stubborn, { timeout: 1 });
        expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
        expect((await engine.inspect(stubborn)).state).toMatchObject({ status: 'exited', exitCode: 137 });
        await engine.stop(stubborn);
        await engine.remove(polite);
        await engine.remove(stubborn);
      });

      it('init: true puts an init at PID 1 that forwards the stop signal to the command', async () => {
        const id = await create('init', ['sh', '-c', 'ps -o pid,comm | grep -E "^ +1 "; sleep 30'], { init: true });
        await engine.start(id);
        const first = await eventually(async () => {
          for await (const e of engine.logs(id)) return e.text;
          return undefined;
        }, 'ps output');
        expect(first).toMatch(/^\s+1 (tscompose-init|docker-init)\n$/);
        const t0 = Date.now();
        await engine.stop(id, { timeout: 60 });
        expect(Date.now() - t0).toBeLessThan(30_000);
        expect((await engine.inspect(id)).state.exitCode).toBe(143);
        await engine.remove(id);
      });

      it('the default config keeps Docker’s restrictions; privileged: true lifts them on this host too', async () => {
        // Read-only /proc/sys shows as its own mount; nothing on the host is written.
        const probe = 'mkdir -p /mnt; mount -t tmpfs none /mnt 2>/dev/null && echo mount-ok || echo mount-denied; grep -q " /proc/sys ro," /proc/self/mountinfo && echo sysctl-ro || echo sysctl-rw; ls /dev | grep -c . ';
        const run = async (name: string, privileged: boolean): Promise<string[]> => {
          const id = await create(name, ['sh', '-c', probe], { privileged });
          await engine.start(id);
          await engine.wait(id);
          const out: string[] = [];
          for await (const e of engine.logs(id)) out.push(e.text.trim());
          await engine.remove(id);
          return out;
        };
        const plain = await run('plain', false);
        expect(plain.slice(0, 2)).toEqual(['mount-denied', 'sysctl-ro']);
        const priv = await run('privileged', true);
        expect(priv.slice(0, 2)).toEqual(['mount-ok', 'sysctl-rw']);
        expect(Number(priv[2])).toBeGreaterThan(Number(plain[2]) + 10);
      });

      it('kill delivers the signal; a stopped container cannot be killed', async () => {
        const id = await create('kill', ['sh', '-c', 'trap "exit 10" USR1; while true; do sleep 0.1; done']);
        await engine.start(id);
        await new Promise((r) => setTimeout(r, 300));
        await engine.kill(id, 'SIGUSR1');
        expect((await engine.wait(id)).exitCode).toBe(10);
        await expect(engine.kill(id)).rejects.toThrow(/is not running/);
        await engine.remove(id);
      });

      it('start of an exited container runs a new process on the same rootfs', async () => {
        const id = await create('again', ['sh', '-c', 'echo run >> /count; wc -l < /count']);
        await engine.start(id);
        await engine.wait(id);
        await engine.start(id);
        expect(await engine.wait(id)).toEqual({ exitCode: 0, oomKilled: false });
        const info = await engine.inspect(id);
        expect(info.state.restartCount).toBe(1);
        expect(readFileSync(join(info.paths.rootfs, 'count'), 'utf8')).toBe('run\nrun\n');
        const lines: string[] = [];
        for await (const e of engine.logs(id)) lines.push(e.text.trim());
        expect(lines).toEqual(['1', '2']);
        await engine.remove(id);
      });

      it('start rebuilds what a reboot takes away (run/, the mounts, the runtime state) from the record', async () => {
        const id = await create('reboot', ['sh', '-c', 'cat /kept; hostname']);
        const info = await engine.inspect(id);
        writeFileSync(join(info.paths.rootfs, 'kept'), 'upper dir survives\n');
        await engine.start(id);
        await engine.wait(id);
        execFileSync('umount', [info.paths.rootfs]);
        rmSync(info.paths.bundle, { recursive: true, force: true });
        rmSync(join(lab.roots.run, 'runtime'), { recursive: true, force: true });
        expect((await engine.inspect(id)).state.status).toBe('exited');
        await engine.start(id);
        expect(await engine.wait(id)).toEqual({ exitCode: 0, oomKilled: false });
        const lines: string[] = [];
        for await (const e of engine.logs(id)) lines.push(e.text);
        expect(lines.slice(-2)).toEqual(['upper dir survives\n', `${id.slice(0, 12)}\n`]);
        await engine.remove(id);
      });

      it('remove refuses a running container unless forced, and leaves no mount, monitor or file', async () => {
        const id = await create('rm', ['sleep', '30'], { ipc: { mode: 'shareable' } });
        await engine.start(id);
        const info = await engine.inspect(id);
        await expect(engine.remove(id)).rejects.toThrow(/You cannot remove a running container/);
        await engine.remove(id, { force: true });
        expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(info.paths.bundle);
        expect(existsSync(info.paths.bundle)).toBe(false);
        expect(existsSync(info.paths.hosts)).toBe(false);
        expect(monitorsUnder(info.paths.bundle)).toEqual([]);
        await expect(engine.inspect(id)).rejects.toThrow(`No such container: ${id}`);
      });

      it('a failed create leaves the host as it was', async () => {
        writeFileSync(join(lab.dir, 'not-a-layer'), '');
        await expect(engine.create({ name: `tscte-${rt.name}-bad`, layerDirs: [join(lab.dir, 'missing')], description: { image, command: ['true'] } })).rejects.toThrow(/does not exist/);
        await expect(engine.create({ name: `tscte-${rt.name}-bad`, layerDirs: [lab.layer], description: { image, command: ['true'], user: 'nobody-here' } })).rejects.toThrow(/unable to find user nobody-here/);
        expect(await engine.find(`tscte-${rt.name}-bad`)).toBeUndefined();
        expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(lab.roots.run);
      });
    });
  }
});
