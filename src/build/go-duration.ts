/**
 * Go's time.ParseDuration, with its error texts, for HEALTHCHECK's
 * --interval and friends (`time: missing unit in duration "5"`).
 * The result is in nanoseconds, as Docker stores durations.
 */
import { goQuote } from './go-quote.js';

const UNITS: Readonly<Record<string, number>> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

export class GoDurationError extends Error {}

export function goParseDuration(input: string): number {
  const bad = (): never => {
    throw new GoDurationError(`time: invalid duration ${goQuote(input)}`);
  };
  let s = input;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') bad();
  let total = 0;
  while (s !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s) as RegExpExecArray;
    const whole = m[1] as string;
    const frac = m[3] ?? '';
    if (whole === '' && frac === '') bad();
    s = s.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(s)?.[0] ?? '';
    if (u === '') throw new GoDurationError(`time: missing unit in duration ${goQuote(input)}`);
    const unit = UNITS[u];
    if (unit === undefined) throw new GoDurationError(`time: unknown unit ${goQuote(u)} in duration ${goQuote(input)}`);
    s = s.slice(u.length);
    total += Number(whole === '' ? '0' : whole) * unit + (frac === '' ? 0 : Number(`0.${frac}`) * unit);
  }
  if (total > 9223372036854775807) bad();
  return sign * Math.floor(total);
}

/** Go's Duration.String: `1m30s`, `500ms`, `0s`. */
export function goFormatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e9) {
    const [unit, div] = n < 1e3 ? ['ns', 1] : n < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    out = `${trimFloat(n / (div as number))}${unit as string}`;
  } else {
    const h = Math.floor(n / 3600e9);
    n -= h * 3600e9;
    const m = Math.floor(n / 60e9);
    n -= m * 60e9;
    out = `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${trimFloat(n / 1e9)}s`;
  }
  return neg ? `-${out}` : out;
}

function trimFloat(v: number): string {
  return String(Number(v.toFixed(9)));
}
