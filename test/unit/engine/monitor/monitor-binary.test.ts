/**
 * native/build/tscompose-monitor without root, against a stand-in runtime
 * (fake-runtime.sh): the start-up line, the log in CRI format, the attach
 * stream and exit frame, the exit record, and a failed create reported with
 * the runtime's own message.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachTo } from '../../../../src/engine/monitor/attach-client.js';
import { waitForExitRecord } from '../../../../src/engine/monitor/launch.js';
import { nativeBinary } from '../../../../src/engine/native.js';

const monitor = nativeBinary('tscompose-monitor');
const fakeRuntime = join(import.meta.dirname, 'fake-runtime.sh');
let dir = '';
let bundle = '';
let run = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscte-mon-'));
  bundle = join(dir, 'bundle');
  run = join(dir, 'run');
  mkdirSync(bundle);
  mkdirSync(run);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function launch(script: string, extra: string[] = []): { code: number; out: string } {
  writeFileSync(join(bundle, 'run.sh'), script);
  const args = ['--id', 'tscte-c1', '--runtime', fakeRuntime, '--runtime-arg', '--root', '--runtime-arg', join(dir, 'root'), '--bundle', bundle, '--dir', run, ...extra];
  try {
    return { code: 0, out: execFileSync(monitor ?? '', args, { encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

const go = (): void => writeFileSync(join(bundle, 'go'), '');
const WAIT_FOR_GO = `while [ ! -f ${'$(dirname "$0")'}/go ]; do sleep 0.02; done\n`;

describe.skipIf(monitor === undefined)('tscompose-monitor', () => {
  it('reports the pid, logs both streams in CRI format and records the exit', async () => {
    const log = join(dir, 'c.log');
    const r = launch(`${WAIT_FOR_GO}echo out1; echo err1 >&2; printf 'no newline'; exit 7\n`, ['--log', log]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\{"pid":\d+\}\n$/);
    expect(existsSync(join(run, 'attach'))).toBe(true);
    go();
    const rec = await waitForExitRecord(run, { timeoutMs: 10_000 });
    expect(rec).toMatchObject({ version: 1, exitCode: 7, signal: 0, oomKilled: false, pid: JSON.parse(r.out).pid });
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(expect.arrayContaining(['stdout F out1', 'stderr F err1', 'stdout P no newline']));
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) [FP] /);
    expect(existsSync(join(run, 'attach'))).toBe(false);
  });

  it('streams to an attached client, takes its stdin and sends the exit frame', async () => {
    const r = launch(`${WAIT_FOR_GO}read line; echo "echo:$line"; exit 3\n`, ['--stdin']);
    expect(r.code).toBe(0);
    const a = await attachTo(run);
    go();
    a.write('ping\n');
    let out = '';
    a.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const rec = await a.exit;
    expect(out).toBe('echo:ping\n');
    expect(rec).toMatchObject({ exitCode: 3 });
  });

  it('a failed create answers with the runtime’s message and leaves nothing running', async () => {
    writeFileSync(join(bundle, 'fail'), 'no such image layer');
    const r = launch('sleep 30\n');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ error: expect.stringMatching(/create failed \(exit 1\): fake-runtime: cannot create tscte-c1: no such image layer$/) });
    expect(existsSync(join(run, 'attach'))).toBe(false);
    const mine = (): string[] => execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`--dir ${run}`));
    for (let i = 0; i < 50 && mine().length > 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(mine()).toEqual([]);
  });

  it('rejects a missing option with its usage', () => {
    let msg = '';
    try {
      execFileSync(monitor ?? '', ['--id', 'x'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      msg = (e as { stderr: string }).stderr;
    }
    expect(msg).toMatch(/^tscompose-monitor: --runtime is required\nusage:/);
  });
});
