/**
 * One container's log as lines for a printer: the engine's entries (which
 * may be pieces of a line the program had not finished) joined into whole
 * lines as docker compose's line writer does, with the time of each and a
 * cursor, so a reader stopped when the container exits can be drained to
 * the end without printing a line twice.
 */
import type { ContainerEngine, LogEntry, LogOptions } from '../engine/index.js';

export interface LogLineEvent {
  /** The container's name without the project (`web-1`), as compose prefixes it. */
  container: string;
  service: string;
  stream: 'stdout' | 'stderr';
  line: string;
  /** RFC 3339 with nanoseconds, from the log. */
  time: string;
}

/** Where a reader got to: the last entry's time and how many entries had that time. */
export interface LogCursor {
  time: string;
  sameTime: number;
}

export class LineReader {
  private readonly partial = { stdout: '', stderr: '' };
  cursor: LogCursor = { time: '', sameTime: 0 };

  constructor(
    private readonly engine: ContainerEngine,
    private readonly id: string,
    private readonly who: { container: string; service: string },
    private readonly emit: (e: LogLineEvent) => void,
  ) {}

  /** Reads (or follows) from the cursor on; entries before it were printed already. */
  async read(opts: LogOptions): Promise<void> {
    const from = this.cursor;
    let skip = from.sameTime;
    const since = from.time === '' ? opts.since : from.time;
    const floor = typeof opts.since === 'string' && from.time === '' ? nanos(opts.since) : undefined;
    for await (const e of this.engine.logs(this.id, { ...opts, ...(since === undefined ? {} : { since }) })) {
      // Engines differ in how exactly they honour `since`; the cursor (or the bound) decides.
      if (floor !== undefined && nanos(e.time) < floor) continue;
      if (from.time !== '' && e.time < from.time) continue;
      if (from.time !== '' && e.time === from.time && skip > 0) {
        skip--;
        continue;
      }
      this.take(e);
    }
  }

  /** What is left of an unfinished line, once the container is gone. */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] === '') continue;
      this.emit({ ...this.who, stream, line: this.partial[stream], time: this.cursor.time });
      this.partial[stream] = '';
    }
  }

  private take(e: LogEntry): void {
    this.cursor = e.time === this.cursor.time ? { time: e.time, sameTime: this.cursor.sameTime + 1 } : { time: e.time, sameTime: 1 };
    const text = this.partial[e.stream] + e.text;
    if (!text.endsWith('\n')) {
      this.partial[e.stream] = text;
      return;
    }
    this.partial[e.stream] = '';
    this.emit({ ...this.who, stream: e.stream, line: text.slice(0, -1), time: e.time });
  }
}

/** An RFC 3339 time in nanoseconds since the epoch, whatever its precision (ms from Date, ns from the log). */
export function nanos(t: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (m === null) return BigInt(Date.parse(t)) * 1_000_000n;
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  return seconds * 1_000_000_000n + BigInt((m[2] ?? '').slice(0, 9).padEnd(9, '0'));
}
