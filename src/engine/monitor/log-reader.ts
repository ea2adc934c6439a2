/**
 * Reads a container log written by the monitor (CRI format, native/monitor/
 * log.h: `<RFC3339Nano> <stdout|stderr> <F|P> <text>`), across its rotated
 * files (FILE.N ... FILE.1, FILE, oldest first), with Docker's options: tail,
 * since/until, and follow, which keeps going across rotations and across
 * restarts of the container's process (each new monitor appends to FILE)
 * until the caller aborts or `stop` says so.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface LogEntry {
  /** RFC 3339 UTC with nanoseconds. */
  time: string;
  stream: 'stdout' | 'stderr';
  /** The line with its newline; the last piece of an unfinished line has none. */
  text: string;
}

export interface LogReadOptions {
  /** The last N lines only. */
  tail?: number;
  /** RFC 3339 bounds, inclusive since, exclusive until. */
  since?: string;
  until?: string;
  follow?: boolean;
  signal?: AbortSignal;
  /** Asked while following when there is nothing new; true ends the stream. */
  stop?: () => boolean;
  pollMs?: number;
}

const LINE = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s;
const FULL = /^\S+ \S+ F /;

/** Joins P pieces with the F line that ends them, per stream; feed it raw lines in order. */
export class LineAssembler {
  private readonly pending = new Map<'stdout' | 'stderr', { time: string; text: string }>();

  push(raw: string): LogEntry | undefined {
    const m = LINE.exec(raw);
    if (m === null) return undefined;
    const [, time = '', streamName, tag, text = ''] = m;
    const stream = streamName as 'stdout' | 'stderr';
    const before = this.pending.get(stream);
    if (tag === 'P') {
      this.pending.set(stream, { time: before?.time ?? time, text: (before?.text ?? '') + text });
      return undefined;
    }
    this.pending.delete(stream);
    return { time: before?.time ?? time, stream, text: `${before?.text ?? ''}${text}\n` };
  }

  /** Unfinished lines, as they are. */
  flush(): LogEntry[] {
    const out = [...this.pending].map(([stream, p]) => ({ time: p.time, stream, text: p.text }));
    this.pending.clear();
    return out.sort((a, b) => (a.time < b.time ? -1 : 1));
  }
}

/** FILE.N ... FILE.1, FILE: the files that exist, oldest first. */
export function logFiles(path: string): string[] {
  const rotated: string[] = [];
  for (let i = 1; existsSync(`${path}.${i}`); i++) rotated.push(`${path}.${i}`);
  return [...rotated.reverse(), ...(existsSync(path) ? [path] : [])];
}

function readChunk(fd: number, pos: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  const n = readSync(fd, buf, 0, size, pos);
  return buf.subarray(0, n);
}

/** The last `count` complete entries' raw lines of one file, read backwards in chunks. */
function tailRaw(path: string, count: number, end?: number): string[] {
  const fd = openSync(path, 'r');
  try {
    let pos = end ?? fstatSync(fd).size;
    let rest = '';
    const lines: string[] = [];
    let full = 0;
    while (pos > 0 && full <= count) {
      const size = Math.min(65536, pos);
      pos -= size;
      const parts = (readChunk(fd, pos, size).toString('utf8') + rest).split('\n');
      rest = parts.shift() ?? '';
      for (const l of parts.reverse()) {
        if (l === '') continue;
        lines.push(l);
        if (FULL.test(l)) full++;
      }
    }
    if (pos === 0 && rest !== '') lines.push(rest);
    return lines.reverse();
  } finally {
    closeSync(fd);
  }
}

function inRange(e: LogEntry, o: LogReadOptions): boolean {
  return (o.since === undefined || e.time >= o.since) && (o.until === undefined || e.time < o.until);
}

function* entriesOf(raws: Iterable<string>, asm: LineAssembler): Generator<LogEntry> {
  for (const raw of raws) {
    const e = asm.push(raw);
    if (e !== undefined) yield e;
  }
}

/**
 * What exists now, honouring tail, since and until. `end` limits how much of
 * FILE itself is read (a follower reads the rest), and the assembler keeps
 * an unfinished line for it.
 */
export function readExisting(path: string, o: LogReadOptions = {}, asm = new LineAssembler(), end?: number): LogEntry[] {
  const out: LogEntry[] = [];
  const files = logFiles(path);
  const limit = (f: string): number | undefined => (f === path ? end : undefined);
  if (o.tail !== undefined && o.tail >= 0 && o.since === undefined && o.until === undefined) {
    const raws: string[] = [];
    for (const f of [...files].reverse()) {
      if (raws.filter((l) => FULL.test(l)).length > o.tail) break;
      raws.unshift(...tailRaw(f, o.tail - raws.length, limit(f)));
    }
    for (const e of entriesOf(raws, asm)) out.push(e);
  } else {
    for (const f of files) {
      for (const e of entriesOf(readWhole(f, limit(f)).split('\n'), asm)) if (inRange(e, o)) out.push(e);
    }
  }
  if (o.follow !== true) for (const e of asm.flush()) if (inRange(e, o)) out.push(e);
  return o.tail !== undefined && o.tail >= 0 ? out.slice(Math.max(0, out.length - o.tail)) : out;
}

function readWhole(path: string, end?: number): string {
  const fd = openSync(path, 'r');
  try {
    return readChunk(fd, 0, end ?? fstatSync(fd).size).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

interface Cursor {
  fd: number;
  ino: number;
  pos: number;
  rest: string;
}

function openCursor(path: string, atEnd: boolean): Cursor | undefined {
  try {
    const fd = openSync(path, 'r');
    const st = fstatSync(fd);
    return { fd, ino: st.ino, pos: atEnd ? st.size : 0, rest: '' };
  } catch {
    return undefined;
  }
}

/** Reads what was appended since the cursor; complete lines only, the rest waits. */
function readNew(c: Cursor): string[] {
  const size = fstatSync(c.fd).size;
  if (size < c.pos) {
    c.pos = 0;
    c.rest = '';
  }
  if (size === c.pos) return [];
  const text = c.rest + readChunk(c.fd, c.pos, size - c.pos).toString('utf8');
  c.pos = size;
  const parts = text.split('\n');
  c.rest = parts.pop() ?? '';
  return parts.filter((l) => l !== '');
}

async function waitForChange(path: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => {
    let watcher: FSWatcher | undefined;
    const done = (): void => {
      clearTimeout(timer);
      watcher?.close();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    try {
      watcher = watch(dirname(path), (_, name) => {
        if (name === null || name.startsWith(basename(path))) done();
      });
      watcher.on('error', done);
    } catch {
      watcher = undefined;
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Every entry, then (with follow) new ones as they are written. */
export async function* readLogs(path: string, o: LogReadOptions = {}): AsyncGenerator<LogEntry> {
  const asm = new LineAssembler();
  if (o.follow !== true) {
    for (const e of readExisting(path, o, asm)) yield e;
    return;
  }
  // The cursor is placed first so that nothing written meanwhile falls between the two reads.
  let cur = openCursor(path, true);
  for (const e of readExisting(path, o, asm, cur?.pos ?? 0)) yield e;
  try {
    while (o.signal?.aborted !== true) {
      if (cur === undefined) cur = openCursor(path, false);
      const raws = cur === undefined ? [] : readNew(cur);
      let ino: number | undefined;
      try {
        ino = statSync(path).ino;
      } catch {
        ino = undefined;
      }
      if (cur !== undefined && ino !== undefined && ino !== cur.ino) {
        // Rotated: what is left of the old file was read above, the new one starts at 0.
        closeSync(cur.fd);
        cur = openCursor(path, false);
      }
      for (const e of entriesOf(raws, asm)) if (inRange(e, o)) yield e;
      if (raws.length > 0) continue;
      if (o.stop?.() === true) return;
      await waitForChange(path, o.pollMs ?? 250, o.signal);
    }
  } finally {
    if (cur !== undefined) closeSync(cur.fd);
  }
}
