/**
 * A client of the monitor's attach socket: the container's stdout and
 * stderr from now on as two streams, its stdin, terminal resizes, and the
 * exit record once the container has exited.
 */
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { MonitorError } from '../errors.js';
import { FrameDecoder, Stream, encodeFrame, parseExitRecord, resizeFrame, type ExitRecord } from './protocol.js';
import { socketPath } from './socket-path.js';

export interface AttachSession {
  stdout: Readable;
  stderr: Readable;
  write(data: string | Buffer): void;
  closeStdin(): void;
  resize(rows: number, cols: number): void;
  /** The exit record when the container exits while attached; undefined when the connection ends first. */
  exit: Promise<ExitRecord | undefined>;
  detach(): void;
}

export async function attachTo(dir: string): Promise<AttachSession> {
  const addr = socketPath(dir, 'attach');
  const sock = await new Promise<Socket>((resolve, reject) => {
    // node:net (and its stream modules) at the first attach: a build that runs nothing never loads it.
    const s = process.getBuiltinModule('node:net').connect({ path: addr.path });
    s.once('connect', () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) => reject(new MonitorError(`attach ${dir}: ${e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? 'the container is not running' : e.message}`)));
  }).finally(addr.release);
  // node:stream at the first attach: `ps` and `logs` load this module with the engine and never attach.
  const { PassThrough } = process.getBuiltinModule('node:stream');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const decoder = new FrameDecoder();
  let record: ExitRecord | undefined;
  const exit = new Promise<ExitRecord | undefined>((resolve) => {
    sock.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        if (f.stream === Stream.stdout) stdout.write(f.payload);
        else if (f.stream === Stream.stderr) stderr.write(f.payload);
        else if (f.stream === Stream.exit) record = parseExitRecord(f.payload.toString('utf8'), 'attach');
      }
    });
    sock.on('close', () => {
      stdout.end();
      stderr.end();
      resolve(record);
    });
    sock.on('error', () => undefined);
  });
  const send = (b: Buffer): void => {
    if (!sock.destroyed) sock.write(b);
  };
  return {
    stdout,
    stderr,
    write: (data) => send(encodeFrame(Stream.stdin, typeof data === 'string' ? Buffer.from(data) : data)),
    closeStdin: () => send(encodeFrame(Stream.stdinEof)),
    resize: (rows, cols) => send(resizeFrame(rows, cols)),
    exit,
    detach: () => sock.destroy(),
  };
}
