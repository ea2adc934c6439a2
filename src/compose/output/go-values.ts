/**
 * Scalar conversions compose-go applies while decoding the model into its Go
 * types, and the way Go then prints them: time.Duration, go-units byte sizes,
 * float32, and shell-words splitting of commands.
 */
import { ComposeError } from '../../errors.js';
import { parseDurationNanos } from '../units.js';

/**
 * A value compose-go cannot decode into its Go type; the message is Go's.
 * `within` points below the field at the entry at fault, for positions.
 */
export class GoDecodeError extends Error {
  constructor(message: string, readonly within?: string) {
    super(message);
    this.name = 'GoDecodeError';
  }
}

/** time.ParseDuration in nanoseconds (units.ts has Go's exact grammar and messages); a bare number counts as nanoseconds, as mapstructure does. */
export function parseDuration(value: unknown): bigint {
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  try {
    return parseDurationNanos(String(value));
  } catch (err) {
    if (err instanceof ComposeError) throw new GoDecodeError(err.detail);
    throw err;
  }
}

/** time.Duration.String: "1m30s", "1.5s", "500ms", "0s". */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    const [unit, size] = u < 1000n ? ['ns', 1n] : u < 1000000n ? ['µs', 1000n] : ['ms', 1000000n];
    out = fraction(u, size) + unit;
  } else {
    const h = u / 3600000000000n;
    const m = (u / 60000000000n) % 60n;
    const secs = fraction(u % 60000000000n, 1000000000n);
    out = (h > 0n ? `${h}h${m}m` : m > 0n ? `${m}m` : '') + `${secs}s`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, size: bigint): string {
  const whole = v / size;
  const rest = v % size;
  if (rest === 0n) return String(whole);
  const digits = String(size).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const INT64_MIN = -(2n ** 63n);

/**
 * A Go int from the model. Integers past 2^53 arrive as their decimal
 * digits (parse.ts keeps them so) and stay exact as a bigint.
 */
export function goInt(value: unknown): number | bigint {
  if (typeof value === 'string' && /^[-+]?\d{16,}$/.test(value)) {
    const big = BigInt(value);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  return Number(value);
}

/**
 * UnitBytes as compose-go decodes it: a YAML integer as is, a string by
 * go-units (v0.4) RAMInBytes, which reads the number as a float64 and
 * converts it to int64 as amd64 does (out of range gives the minimum). A
 * YAML float is neither, so the field stays 0.
 */
export function parseBytes(value: unknown): number | bigint {
  if (typeof value === 'number') return Number.isInteger(value) ? value : 0;
  if (typeof value === 'string' && /^-?\d{16,}$/.test(value)) return goInt(value);
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(String(value));
  if (m === null) throw new GoDecodeError(`invalid size: '${String(value)}'`);
  const digits = m[1] ?? '';
  if ((digits.match(/\./g) ?? []).length > 1) throw new GoDecodeError(`strconv.ParseFloat: parsing "${digits}": invalid syntax`);
  const size = Math.trunc(Number(digits) * (BYTE_UNITS[(m[2] ?? '').toLowerCase()] ?? 1));
  if (Number.isSafeInteger(size)) return size;
  const big = BigInt(size);
  return big >= -INT64_MIN ? INT64_MIN : big;
}

/** The shortest decimal that reads back as the same float32, as strconv.FormatFloat(f, 'f' or 'e', -1, 32) in encoding/json. */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  let shortest = f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) {
      shortest = candidate;
      break;
    }
  }
  const abs = Math.abs(f);
  // encoding/json compares float32(abs) against the float32 nearest to each bound.
  if (abs !== 0 && (abs < Math.fround(1e-6) || abs >= Math.fround(1e21))) return shortest.toExponential();
  return plainDecimal(shortest);
}

/** A number without exponent, as Go's 'f' format writes it (JavaScript switches to exponents from 1e21). */
function plainDecimal(n: number): string {
  if (Object.is(n, -0)) return '-0';
  if (Math.abs(n) < 1e21) return String(n);
  return BigInt(n).toString();
}

/** mattn/go-shellwords' Parse as compose-go uses it for `command` and `entrypoint` strings. */
export function shellSplit(s: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | '' = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    // go-shellwords: a backslash escapes any character, outside single quotes.
    if (quote !== "'" && ch === '\\' && i + 1 < s.length) {
      word += s[++i];
      inWord = true;
    } else if (quote !== '' && ch === quote) {
      quote = '';
    } else if (quote === '' && (ch === '"' || ch === "'")) {
      quote = ch;
      inWord = true;
    } else if (quote === '' && /\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== '') throw new GoDecodeError('invalid command line string');
  if (inWord) words.push(word);
  return words;
}
