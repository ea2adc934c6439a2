/**
 * The monitor's wire formats (native/monitor/attach.h, monitor.c): attach
 * frames like Docker's stdcopy (1 byte stream, 3 zero bytes, 4 bytes
 * big-endian length, payload) and the exit record it writes when the
 * container's process ends.
 */
import { MonitorError } from '../errors.js';

export const Stream = { stdin: 0, stdout: 1, stderr: 2, exit: 3, stdinEof: 4, resize: 5 } as const;

export interface Frame {
  stream: number;
  payload: Buffer;
}

export function encodeFrame(stream: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

export function resizeFrame(rows: number, cols: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt16BE(rows & 0xffff, 0);
  p.writeUInt16BE(cols & 0xffff, 2);
  return encodeFrame(Stream.resize, p);
}

/** Splits a byte stream into frames; keeps an incomplete frame for the next push. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + len) break;
      out.push({ stream: this.buf[0] ?? 0, payload: this.buf.subarray(8, 8 + len) });
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }
}

/** What the monitor (or the exec helper) records when the process ends. */
export interface ExitRecord {
  version: 1;
  pid: number;
  exitCode: number;
  /** The signal that killed it, 0 if it exited. */
  signal: number;
  /** RFC 3339, UTC, nanoseconds. */
  finishedAt: string;
  oomKilled: boolean;
}

export function parseExitRecord(text: string, source: string): ExitRecord {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new MonitorError(`${source}: not an exit record: ${(e as Error).message}`);
  }
  const r = v as Partial<ExitRecord>;
  if (typeof r !== 'object' || r === null || typeof r.exitCode !== 'number' || typeof r.finishedAt !== 'string') {
    throw new MonitorError(`${source}: not an exit record`);
  }
  return { version: 1, pid: r.pid ?? 0, exitCode: r.exitCode, signal: r.signal ?? 0, finishedAt: r.finishedAt, oomKilled: r.oomKilled === true };
}

/** The monitor's start-up line: {"pid":N} or {"error":"..."}. */
export function parseStatusLine(text: string, what: string): number {
  const line = text.trim().split('\n')[0] ?? '';
  let v: { pid?: unknown; error?: unknown } = {};
  try {
    v = JSON.parse(line) as typeof v;
  } catch {
    throw new MonitorError(`${what}: unexpected answer from the monitor: ${line || '(nothing)'}`);
  }
  if (typeof v.pid === 'number') return v.pid;
  throw new MonitorError(`${what}: ${typeof v.error === 'string' ? v.error : line}`);
}
