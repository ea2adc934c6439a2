/**
 * Warnings printed as docker compose prints them through logrus: on a
 * terminal `WARN[0000] message`, in yellow; otherwise a logfmt line,
 * `time="2024-01-02T15:04:05Z" level=warning msg="message"`.
 */
import { goQuote } from '../../compose/go-format.js';

const YELLOW = 33;
const RED = 31;

export type Level = 'warning' | 'error';

export interface LogStyle {
  terminal: boolean;
  now: Date;
  /** Seconds since the program started, logrus's `[0000]`. */
  elapsedSeconds: number;
}

export function formatLogLine(level: Level, message: string, style: LogStyle): string {
  const msg = message.endsWith('\n') ? message.slice(0, -1) : message;
  if (style.terminal) {
    const color = level === 'warning' ? YELLOW : RED;
    const tag = level === 'warning' ? 'WARN' : 'ERRO';
    const elapsed = String(Math.floor(style.elapsedSeconds)).padStart(4, '0');
    // %-44s: Go pads by runes, not UTF-16 units.
    const padded = msg + ' '.repeat(Math.max(0, 44 - [...msg].length));
    return `\x1b[${color}m${tag}\x1b[0m[${elapsed}] ${padded} \n`;
  }
  return `time=${logValue(rfc3339(style.now))} level=${level} msg=${logValue(msg)}\n`;
}

/** logrus quotes a value (Go %q) unless it is made of these characters only. */
const BARE = /^[A-Za-z0-9\-._/@^+]*$/;

function logValue(v: string): string {
  return BARE.test(v) ? v : goQuote(v);
}

/** Go's time.RFC3339 in the local zone: `Z` for UTC, else `+09:00`. */
export function rfc3339(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + offset * 60_000);
  const stamp = local.toISOString().slice(0, 19);
  if (offset === 0) return `${stamp}Z`;
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${stamp}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
