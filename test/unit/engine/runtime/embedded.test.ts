import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEmbeddedState, signalNumber, stateAlive } from '../../../../src/engine/runtime/embedded.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscte-emb-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A /proc/<pid>/stat line: the name may hold spaces and parentheses. */
function fakeProc(pid: number, state: string, start: number): string {
  const proc = join(dir, 'proc');
  mkdirSync(join(proc, String(pid)), { recursive: true });
  const rest = [state, ...Array.from({ length: 18 }, () => '0'), String(start), '0'];
  writeFileSync(join(proc, String(pid), 'stat'), `${pid} (sh (x) y) ${rest.join(' ')}\n`);
  return proc;
}

describe('the embedded runtime`s state, read in this process', () => {
  it('reads pid, start time and cgroup dirs as state.c writes them, and refuses anything else', () => {
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 1, pid: 42, startTime: 777, cgroup: { mode: 'v1', root: '/sys/fs/cgroup', ownDepth: 2, dirs: { pids: '/sys/fs/cgroup/pids/tscompose/x' } } }));
    expect(readEmbeddedState(dir)).toEqual({ pid: 42, startTime: 777, cgroupDirs: ['/sys/fs/cgroup/pids/tscompose/x'], ownDepth: 2 });
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ pid: 42, startTime: 777, cgroup: { ownDepth: 2, dirs: { pids: 'relative' } } }));
    expect(readEmbeddedState(dir)).toBeUndefined();
    writeFileSync(join(dir, 'state.json'), '{"pid": "42"}');
    expect(readEmbeddedState(dir)).toBeUndefined();
    rmSync(join(dir, 'state.json'));
    expect(readEmbeddedState(dir)).toBeUndefined();
  });

  it('calls a process alive only with the recorded start time and not a zombie', () => {
    const proc = fakeProc(42, 'S', 777);
    expect(stateAlive({ pid: 42, startTime: 777 }, proc)).toBe(true);
    expect(stateAlive({ pid: 42, startTime: 778 }, proc)).toBe(false);
    expect(stateAlive({ pid: 43, startTime: 777 }, proc)).toBe(false);
    fakeProc(44, 'Z', 777);
    expect(stateAlive({ pid: 44, startTime: 777 }, proc)).toBe(false);
    expect(stateAlive({ pid: 0, startTime: 0 }, proc)).toBe(false);
  });

  it('takes signals as the runtime`s command line does', () => {
    expect(signalNumber('TERM')).toBe(15);
    expect(signalNumber('sigkill')).toBe(9);
    expect(signalNumber('SIGUSR1')).toBe(10);
    expect(signalNumber('3')).toBe(3);
    expect(signalNumber('BOGUS')).toBeUndefined();
  });
});
