/**
 * Where progress events go, chosen as docker compose chooses (pkg/progress
 * NewWriter): quiet, json, plain, or the terminal view when the stream is a
 * TTY (`auto`) or `tty` is asked for. `--ansi never` means plain and
 * `--ansi always` the terminal view. Progress goes to stderr, as docker
 * compose's stdinfo, unless COMPOSE_STATUS_STDOUT is set.
 */
import type { ProgressEvent } from '../../exec/events.js';
import type { Display } from '../global-options.js';
import { jsonLine } from './json.js';
import { plainLine } from './plain.js';

export interface ProgressWriter {
  event(e: ProgressEvent): void;
  /** A message printed after the events, as docker compose's TailMsgf. */
  tail(message: string): void;
  /** Stops rendering; the terminal view prints its final state. */
  stop(): Promise<void>;
}

export interface ProgressTarget {
  write(s: string): void;
  isTTY: boolean;
  columns?: number;
}

export type ProgressMode = 'quiet' | 'json' | 'plain' | 'tty';

export function progressMode(display: Pick<Display, 'progress' | 'ansi'>, isTTY: boolean): ProgressMode {
  switch (display.progress) {
    case 'quiet':
    case 'json':
    case 'plain':
    case 'tty':
      return display.progress;
    default:
      if (display.ansi === 'never') return 'plain';
      if (display.ansi === 'always') return 'tty';
      return isTTY ? 'tty' : 'plain';
  }
}

export interface WriterOptions {
  dryRun: boolean;
  /** The header of the terminal view: `Running`, `Creating`... */
  title: string;
  color: boolean;
  now?: () => number;
}

/** Async because the terminal view is drawn by listr2, loaded only when one is drawn (scripts/build-checks.mjs). */
export async function createProgressWriter(mode: ProgressMode, out: ProgressTarget, opts: WriterOptions): Promise<ProgressWriter> {
  switch (mode) {
    case 'quiet':
      return { event: () => undefined, tail: () => undefined, stop: async () => undefined };
    case 'json':
      return lineWriter(out, (e) => jsonLine(e, opts.dryRun), (m) => jsonLine(m, opts.dryRun));
    case 'plain':
      return lineWriter(out, (e) => plainLine(e, opts.dryRun), (m) => `${opts.dryRun ? ' DRY-RUN MODE - ' : ''}${m}\n`);
    case 'tty': {
      const { TtyWriter } = await import('./tty.js');
      return new TtyWriter(out, opts);
    }
  }
}

function lineWriter(out: ProgressTarget, line: (e: ProgressEvent) => string, tailLine: (m: string) => string): ProgressWriter {
  return { event: (e) => out.write(line(e)), tail: (m) => out.write(tailLine(m)), stop: async () => undefined };
}
