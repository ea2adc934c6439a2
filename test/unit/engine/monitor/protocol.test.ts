import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monitorArgs } from '../../../../src/engine/monitor/launch.js';
import { FrameDecoder, Stream, encodeFrame, parseExitRecord, parseStatusLine, resizeFrame } from '../../../../src/engine/monitor/protocol.js';
import { socketPath } from '../../../../src/engine/monitor/socket-path.js';
import { OciCliRuntime } from '../../../../src/engine/runtime/oci-cli.js';
import { RecordingRunner } from '../../../../src/host/command.js';

describe('attach frames', () => {
  it('encode as Docker’s stdcopy header and decode across chunk boundaries', () => {
    const f = encodeFrame(Stream.stdout, Buffer.from('hi'));
    expect([...f]).toEqual([1, 0, 0, 0, 0, 0, 0, 2, 104, 105]);
    expect([...resizeFrame(24, 80)]).toEqual([5, 0, 0, 0, 0, 0, 0, 4, 0, 24, 0, 80]);
    const d = new FrameDecoder();
    const both = Buffer.concat([f, encodeFrame(Stream.stderr, Buffer.from('err'))]);
    expect(d.push(both.subarray(0, 5))).toEqual([]);
    const frames = d.push(both.subarray(5));
    expect(frames.map((x) => [x.stream, x.payload.toString()])).toEqual([
      [1, 'hi'],
      [2, 'err'],
    ]);
  });
});

describe('monitor records', () => {
  it('parse the exit record and the start-up line', () => {
    expect(parseExitRecord('{"version":1,"pid":7,"exitCode":137,"signal":9,"finishedAt":"2025-01-01T00:00:00.000000001Z","oomKilled":true}', 'exit')).toEqual({
      version: 1, pid: 7, exitCode: 137, signal: 9, finishedAt: '2025-01-01T00:00:00.000000001Z', oomKilled: true,
    });
    expect(() => parseExitRecord('{"pid":7}', 'D/exit')).toThrow('D/exit: not an exit record');
    expect(parseStatusLine('{"pid":42}\n', 'create x')).toBe(42);
    expect(() => parseStatusLine('{"error":"runc create failed (exit 1): boom"}\n', 'create x')).toThrow('create x: runc create failed (exit 1): boom');
    expect(() => parseStatusLine('', 'create x')).toThrow('create x: unexpected answer from the monitor: (nothing)');
  });

  it('passes the runtime, its root and the log settings to the monitor', () => {
    const runtime = new OciCliRuntime('runc', '/usr/sbin/runc', '/r/runtime/runc', new RecordingRunner());
    const args = monitorArgs({ binary: 'm', runtime, id: 'c1', bundle: '/b', dir: '/d', log: { path: '/l', maxSize: 10, maxFiles: 3 }, tty: true, stdin: true, oomFile: '/o' });
    expect(args.join(' ')).toBe('--id c1 --runtime /usr/sbin/runc --runtime-arg --root --runtime-arg /r/runtime/runc --bundle /b --dir /d --log /l --log-max-size 10 --log-max-files 3 --tty --stdin --oom-file /o');
  });

  it('reaches a socket in a deep directory through /proc/self/fd', () => {
    const short = socketPath('/tmp', 'attach');
    expect(short.path).toBe('/tmp/attach');
    const dir = join(mkdtempSync(join(tmpdir(), 'tscte-sock-')), 'd'.repeat(110));
    mkdirSync(dir);
    const deep = socketPath(dir, 'attach');
    expect(deep.path).toMatch(/^\/proc\/self\/fd\/\d+\/attach$/);
    deep.release();
    rmSync(join(dir, '..'), { recursive: true });
  });
});
