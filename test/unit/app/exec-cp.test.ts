import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContainerFs } from '../../../src/app/container-fs.js';
import { splitCpArg } from '../../../src/app/copy.js';
import { openExec, resolveEnv } from '../../../src/app/exec.js';
import { parseDetachKeys, runTerminalSession } from '../../../src/cli/terminal-session.js';
import { newLab, type Lab } from './lifecycle-support.js';

describe('exec', () => {
  let lab: Lab;
  beforeEach(() => {
    lab = newLab();
  });
  afterEach(() => lab.cleanup());

  it('-e KEY takes the value from the environment and drops it when there is none', () => {
    expect(resolveEnv(['A=1', 'HOME', 'NOPE', 'B='], { HOME: '/h' })).toEqual(['A=1', 'HOME=/h', 'B=']);
  });

  it('runs in the lowest-numbered running container, or --index; asks the engine with the flags', async () => {
    await lab.container('web', { number: 2 });
    await lab.container('web', { number: 1, start: false });
    await lab.container('web', { number: 3 });
    const req = { service: 'web', command: ['id'], index: 0, detach: false, env: ['X=1'], user: 'app', workdir: '/tmp', privileged: true, tty: false, interactive: true };
    const seen: unknown[] = [];
    lab.engine.onExec = (_id, o) => (seen.push(o), { exitCode: 3 });
    const { container, handle } = await openExec(lab.global(), lab.host(), req, lab.session());
    expect(container.name).toBe('tsctulapp-web-2');
    expect(await handle.exit).toEqual({ exitCode: 3, signal: 0 });
    expect(seen[0]).toMatchObject({ args: ['id'], env: ['X=1'], user: 'app', workdir: '/tmp', privileged: true, tty: false, stdin: true, detach: false });
    expect((await openExec(lab.global(), lab.host(), { ...req, index: 3 }, lab.session())).container.name).toBe('tsctulapp-web-3');
    await expect(openExec(lab.global(), lab.host(), { ...req, index: 1 }, lab.session())).rejects.toThrow('service "web" is not running container #1');
    await expect(openExec(lab.global(), lab.host(), { ...req, service: 'db' }, lab.session())).rejects.toThrow('service "db" is not running');
  });
});

describe('the terminal session', () => {
  it('parses docker`s detach keys', () => {
    expect(parseDetachKeys('ctrl-p,ctrl-q')).toEqual([0x10, 0x11]);
    expect(parseDetachKeys('a,ctrl-@,ctrl-[')).toEqual([0x61, 0x00, 0x1b]);
    expect(() => parseDetachKeys('ctrl-1')).toThrow("Unknown character: 'ctrl-1'");
  });

  it('forwards input until the detach keys, holding back a partial match, and then detaches', async () => {
    const got: number[] = [];
    const stdout = new PassThrough();
    const io = { cwd: '/', env: {}, stdout: () => undefined, stderr: () => undefined, readStdin: () => '', stdoutIsTTY: false,
      stdinStream: () => Readable.from([Buffer.from([0x61, 0x10]), Buffer.from([0x62, 0x10]), Buffer.from([0x11, 0x63])]) };
    const r = await runTerminalSession(io, { tty: false, stdout, stderr: null, resize: () => undefined, detachKeys: [0x10, 0x11], input: { write: (c) => got.push(...c), end: () => got.push(-1) } });
    expect(r).toEqual({ detached: true });
    expect(got).toEqual([0x61, 0x10, 0x62]);
  });

  it('ends when the output ends, closing the input at the end of standard input', async () => {
    let out = '';
    const ended: string[] = [];
    const io = { cwd: '/', env: {}, stdout: (s: string) => void (out += s), stderr: () => undefined, readStdin: () => '', stdoutIsTTY: false, stdinStream: () => Readable.from([Buffer.from('in')]) };
    const r = await runTerminalSession(io, { tty: false, stdout: Readable.from([Buffer.from('héllo')]), stderr: null, resize: () => undefined, input: { write: () => undefined, end: () => ended.push('end') } });
    expect(r).toEqual({ detached: false });
    expect(out).toBe('héllo');
  });
});

describe('cp', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsctul-cp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('splits SERVICE:PATH as docker compose does', () => {
    expect(splitCpArg('web:/etc/hosts')).toEqual({ service: 'web', path: '/etc/hosts' });
    expect(splitCpArg('/abs:path')).toEqual({ path: '/abs:path' });
    expect(splitCpArg('./file:name')).toEqual({ path: './file:name' });
    expect(splitCpArg('plain')).toEqual({ path: 'plain' });
  });

  it('resolves links inside the container root and through its mounts', () => {
    const root = join(dir, 'rootfs');
    const vol = join(dir, 'vol');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(vol, 'x'), { recursive: true });
    symlinkSync('/', join(root, 'up'));
    symlinkSync('../../../../../etc', join(root, 'deep'));
    symlinkSync('/data/x', join(root, 'tox'));
    const fs = new ContainerFs(root, [{ type: 'bind', source: vol, target: '/data' }]);
    expect(fs.resolve('/up/etc/passwd', true)).toBe('/etc/passwd');
    expect(fs.resolve('/deep/passwd', true)).toBe('/etc/passwd');
    expect(fs.hostPath(fs.resolve('/up/etc', true))).toBe(join(root, 'etc'));
    expect(fs.hostPath(fs.resolve('/tox', true))).toBe(join(vol, 'x'));
    expect(fs.resolve('/tox', false)).toBe('/tox');
  });
});
