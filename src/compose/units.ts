/**
 * Byte sizes and durations as docker compose 2.26.1 reads them.
 *
 * Sizes: docker/go-units v0.4.0 `RAMInBytes` (the version the reference
 * binary is built with; v0.5.0 changed the grammar): `<digits>[.<digits>]`,
 * an optional space, then an optional binary unit `k m g t p` (any case)
 * with optional `i` and `b`: `1.5g`, `512 MiB`, `10kb` (= 10240).
 *
 * Durations: Go's time.ParseDuration: a sign, then one or more
 * `<number>[.<fraction>]<unit>` with units ns, us, µs, μs, ms, s, m, h;
 * a bare `0` is allowed; exact to the nanosecond in int64.
 */
import { ComposeError } from '../errors.js';
import { GoNumError, goParseFloat } from './go-format.js';

const SIZE = /^([0-9]+(?:\.[0-9]+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const BINARY_UNITS: Readonly<Record<string, number>> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };
const INT64_MIN = -(2 ** 63);

/**
 * Bytes in `s`. A number is taken as bytes; compose ignores a non-integral
 * number (0). Throws ComposeError `E_INVALID_SIZE` worded as go-units.
 */
export function parseBytes(s: string | number): number {
  if (typeof s === 'number') return Number.isInteger(s) ? s : 0;
  const m = SIZE.exec(s);
  if (m === null) throw new ComposeError('E_INVALID_SIZE', `invalid size: '${s}'`, {}, { hint: 'write a size like 512m, 1.5g or 1024' });
  let size: number;
  try {
    size = goParseFloat(m[1] ?? '', 64);
  } catch (e) {
    if (e instanceof GoNumError) throw new ComposeError('E_INVALID_SIZE', e.message);
    throw e;
  }
  size *= BINARY_UNITS[(m[2] ?? '').toLowerCase()] ?? 1;
  // Go's int64(float64) on amd64: truncation, and the minimum int64 when out of range.
  return size >= 2 ** 63 ? INT64_MIN : Math.trunc(size);
}

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const LIMIT = 1n << 63n;

/** Nanoseconds in `s`, as a number (exact up to 2^53 ns, about 104 days). */
export function parseDuration(s: string): number {
  return Number(parseDurationNanos(s));
}

/** Nanoseconds in `s`, exactly. Throws ComposeError `E_INVALID_DURATION` with Go's message. */
export function parseDurationNanos(s: string): bigint {
  const invalid = (): ComposeError => durationError(`time: invalid duration ${timeQuote(s)}`);
  let rest = s;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const whole = m?.[1] ?? '';
    const fraction = m?.[2];
    if (whole === '' && (fraction ?? '') === '') throw invalid();
    rest = rest.slice(m?.[0].length ?? 0);
    const unitText = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') throw durationError(`time: missing unit in duration ${timeQuote(s)}`);
    rest = rest.slice(unitText.length);
    const unit = NS_PER_UNIT[unitText];
    if (unit === undefined) throw durationError(`time: unknown unit ${timeQuote(unitText)} in duration ${timeQuote(s)}`);
    total += componentNanos(whole, fraction ?? '', unit, invalid);
    if (total > LIMIT) throw invalid();
  }
  if (negative) return -total;
  if (total > LIMIT - 1n) throw invalid();
  return total;
}

function componentNanos(whole: string, fraction: string, unit: bigint, invalid: () => ComposeError): bigint {
  const v = whole === '' ? 0n : BigInt(whole);
  if (v > LIMIT || v > LIMIT / unit) throw invalid();
  let nanos = v * unit;
  const { digits, scale } = fractionDigits(fraction);
  if (digits > 0n) {
    // Go computes the fraction in float64; doing the same keeps the rounding identical.
    nanos += BigInt(Math.trunc(Number(digits) * (Number(unit) / scale)));
    if (nanos > LIMIT) throw invalid();
  }
  return nanos;
}

/** The fraction's digits as an integer, and 10^(digits used); precision stops where int64 would overflow. */
function fractionDigits(fraction: string): { digits: bigint; scale: number } {
  let digits = 0n;
  let scale = 1;
  for (const c of fraction) {
    const next = digits * 10n + BigInt(c.charCodeAt(0) - 48);
    if (digits > (LIMIT - 1n) / 10n || next > LIMIT) break;
    digits = next;
    scale *= 10;
  }
  return { digits, scale };
}

function durationError(message: string): ComposeError {
  return new ComposeError('E_INVALID_DURATION', message, {}, { hint: 'write a duration like 30s, 1m30s or 500ms' });
}

/** The time package's quote: non-ASCII and control bytes as \x escapes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}
