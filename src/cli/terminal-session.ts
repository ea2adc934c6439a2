/**
 * The terminal side of exec and attach, as the docker CLI does it: a raw
 * terminal while the session has a pseudo-terminal (its size followed on
 * SIGWINCH), standard input forwarded until it ends (then the session's
 * stdin is closed), the detach keys (`ctrl-p,ctrl-q` for attach) ending the
 * session without stopping the process, and the session's output written
 * through as bytes.
 */
import type { Readable, Writable } from 'node:stream';
import { TscomposeError } from '../errors.js';
import type { CliIo } from './io.js';

export interface SessionStreams {
  tty: boolean;
  /** Where standard input goes; absent when it is not forwarded. */
  input?: { write(chunk: Uint8Array): void; end(): void };
  stdout: Readable | null;
  stderr: Readable | null;
  resize(rows: number, cols: number): void;
  /** Bytes that end the session (`--detach-keys`). */
  detachKeys?: number[];
  /** Ends the session early, as detaching does (the CLI was interrupted). */
  stop?: Promise<unknown>;
}

/** docker's term.ToBytes: `ctrl-p,ctrl-q`, `a`, `ctrl-@`, `ctrl-[` ... */
export function parseDetachKeys(spec: string): number[] {
  return spec.split(',').map((part) => {
    const key = part.trim().toLowerCase();
    if (key.length === 1) return key.charCodeAt(0);
    const m = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
    if (m === null) throw new TscomposeError('E_USAGE', `Unknown character: '${part}'`, { hint: 'detach keys are a comma list of single letters and ctrl-<letter> (ctrl-p,ctrl-q)' });
    const c = (m[1] as string).charCodeAt(0);
    return c >= 0x61 ? c - 0x60 : c - 0x40;
  });
}

/** Holds back a partial match of the detach keys; says when the whole sequence was typed. */
class DetachMatcher {
  private held: number[] = [];
  constructor(private readonly keys: readonly number[]) {}

  /** The bytes to forward, and whether the detach sequence completed. */
  feed(chunk: Uint8Array): { forward: Uint8Array; detach: boolean } {
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.held.length]) {
        this.held.push(b);
        if (this.held.length === this.keys.length) return { forward: Uint8Array.from(out), detach: true };
        continue;
      }
      out.push(...this.held, b);
      this.held = [];
    }
    return { forward: Uint8Array.from(out), detach: false };
  }
}

async function pipeOut(stream: Readable | null, write: (chunk: Uint8Array) => Promise<void>): Promise<void> {
  if (stream === null) return;
  for await (const chunk of stream) await write(chunk as Uint8Array);
}

function writer(io: CliIo, which: 'stdout' | 'stderr'): (chunk: Uint8Array) => Promise<void> {
  const bytes = which === 'stdout' ? io.stdoutBytes : io.stderrBytes;
  if (bytes !== undefined) return (c) => bytes(c);
  const text = which === 'stdout' ? io.stdout : io.stderr;
  const decoder = new TextDecoder();
  return (c) => Promise.resolve(text(decoder.decode(c, { stream: true })));
}

/**
 * Runs the session until its output ends or the detach keys are typed;
 * resolves with `detached` true in the second case.
 */
export async function runTerminalSession(io: CliIo, s: SessionStreams): Promise<{ detached: boolean }> {
  const rawMode = s.tty && io.stdinIsTTY === true && s.input !== undefined;
  if (rawMode) io.setRawMode?.(true);
  const size = (): void => {
    const t = io.terminalSize?.();
    if (t !== undefined) s.resize(t.rows, t.cols);
  };
  const removeResize = s.tty ? io.onResize?.(size) : undefined;
  if (s.tty) size();
  let detach: () => void = () => undefined;
  const detached = new Promise<true>((resolve) => (detach = () => resolve(true)));
  const stream = s.input !== undefined ? io.stdinStream?.() : undefined;
  const source = stream?.[Symbol.asyncIterator]();
  const forward = source === undefined || s.input === undefined ? Promise.resolve() : forwardInput(source, s.input, s.detachKeys, detach);
  try {
    const output = Promise.all([pipeOut(s.stdout, writer(io, 'stdout')), pipeOut(s.stderr, writer(io, 'stderr'))]).then(() => false as const);
    void forward.catch(() => undefined);
    const stopped = s.stop?.then(() => true as const) ?? new Promise<never>(() => undefined);
    return { detached: await Promise.race([output, detached, stopped]) };
  } finally {
    if (rawMode) io.setRawMode?.(false);
    removeResize?.();
    // An async iterator's return() waits for the pending read; the stream itself must be let go of.
    const destroy = (stream as { destroy?: () => void } | undefined)?.destroy;
    if (typeof destroy === 'function') destroy.call(stream);
    else void source?.return?.();
  }
}

async function forwardInput(source: AsyncIterator<Uint8Array>, input: NonNullable<SessionStreams['input']>, keys: readonly number[] | undefined, detach: () => void): Promise<void> {
  const matcher = keys === undefined || keys.length === 0 ? undefined : new DetachMatcher(keys);
  for (;;) {
    const r = await source.next();
    if (r.done === true) break;
    const chunk = r.value;
    const fed = matcher === undefined ? { forward: chunk, detach: false } : matcher.feed(chunk);
    if (fed.forward.length > 0) input.write(fed.forward);
    if (fed.detach) return detach();
  }
  input.end();
}

/** An engine stream as the session's input. */
export function writableInput(w: Writable): NonNullable<SessionStreams['input']> {
  // The process may exit before it read everything: what it did not take is dropped, as docker does.
  w.on('error', () => undefined);
  return { write: (c) => void w.write(c), end: () => void w.end() };
}
