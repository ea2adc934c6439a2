/**
 * Go's string quoting (strconv.Quote, used by `%q` and `%#v`) and the strconv
 * number parsers with their exact acceptance rules and error texts. Compose
 * prints these in user-facing messages (`strconv.Atoi: parsing "x": invalid
 * syntax`), so matching them keeps our errors byte-identical.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

/** Printable ASCII with nothing to escape, the common case (`ps` quotes every container's command). */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  // The per-rune walk below, with its Unicode class test, was 7 ms of a 50-container `ps`.
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    out += quoteRune(ch);
  }
  return `${out}"`;
}

function quoteRune(ch: string): string {
  if (ch === '"' || ch === '\\') return `\\${ch}`;
  if (ch === ' ' || PRINTABLE.test(ch)) return ch;
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  // A lone surrogate is what an invalid UTF-8 sequence would be: Go shows U+FFFD.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  return cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A strconv.NumError, rendered as Go renders it. */
export class GoNumError extends Error {
  constructor(fn: string, input: string, reason: 'invalid syntax' | 'value out of range') {
    super(`strconv.${fn}: parsing ${goQuote(input)}: ${reason}`);
    this.name = 'GoNumError';
  }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool. */
export function goParseBool(s: string): boolean {
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new GoNumError('ParseBool', s, 'invalid syntax');
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * strconv.ParseInt(s, 10, 64) (fn `ParseInt`) or strconv.Atoi (fn `Atoi`):
 * optional sign and decimal digits only. Overflow is reported as soon as the
 * digits seen so far exceed 64 bits, as Go does, even if a bad character follows.
 * Values beyond 2^53 lose precision: JavaScript numbers cannot hold them.
 */
export function goParseInt(s: string, fn: 'Atoi' | 'ParseInt'): number {
  let digits = s;
  let negative = false;
  if (digits.startsWith('+') || digits.startsWith('-')) {
    negative = digits.startsWith('-');
    digits = digits.slice(1);
  }
  if (digits === '') throw new GoNumError(fn, s, 'invalid syntax');
  let n = 0n;
  for (const c of digits) {
    if (c < '0' || c > '9') throw new GoNumError(fn, s, 'invalid syntax');
    n = n * 10n + BigInt(c.charCodeAt(0) - 48);
    if (n > UINT64_MAX) throw new GoNumError(fn, s, 'value out of range');
  }
  if (negative ? n > INT64_MAX + 1n : n > INT64_MAX) throw new GoNumError(fn, s, 'value out of range');
  return Number(negative ? -n : n);
}

const DECIMAL_FLOAT = /^[+-]?(?=\.?[0-9])[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]((?=\.?[0-9a-fA-F_])[0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/**
 * strconv.ParseFloat(s, bitSize): decimal and hexadecimal (with a `p`
 * exponent) forms, `inf`/`infinity`/`nan` in any case, underscores between
 * digits. A 32-bit result comes back as the shortest decimal that names the
 * same float32, which is what Go prints for a float32 field.
 */
export function goParseFloat(s: string, bitSize: 32 | 64): number {
  const special = parseSpecial(s);
  if (special !== undefined) return special;
  const value = parseFinite(s);
  if (value === undefined) throw new GoNumError('ParseFloat', s, 'invalid syntax');
  if (bitSize === 64) {
    if (!Number.isFinite(value)) throw new GoNumError('ParseFloat', s, 'value out of range');
    return value;
  }
  const single = Math.fround(value);
  if (!Number.isFinite(single)) throw new GoNumError('ParseFloat', s, 'value out of range');
  return shortestFloat32(single);
}

function parseSpecial(s: string): number | undefined {
  const lower = s.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  const body = lower.replace(/^[+-]/, '');
  if (body !== 'inf' && body !== 'infinity') return undefined;
  return lower.startsWith('-') ? -Infinity : Infinity;
}

function parseFinite(s: string): number | undefined {
  if (!underscoresOk(s)) return undefined;
  const plain = s.replaceAll('_', '');
  if (DECIMAL_FLOAT.test(s)) return Number(plain);
  const hex = HEX_FLOAT.exec(plain);
  if (hex === null || !HEX_FLOAT.test(s)) return undefined;
  const [, sign = '', intPart = '', fracPart = '', exp = '0'] = hex;
  const mantissa = BigInt(`0x${intPart}${fracPart}`);
  const value = Number(mantissa) * 2 ** (Number(exp) - 4 * fracPart.length);
  return sign === '-' ? -value : value;
}

/** Go's underscoreOK: `_` only between digits, or right after a base prefix. */
export function underscoresOk(s: string): boolean {
  if (!s.includes('_')) return true;
  let rest = s.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[xXbBoO]/.test(rest)) {
    hex = /^0[xX]/.test(rest);
    saw = '0';
    rest = rest.slice(2);
  }
  for (const c of rest) {
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

function shortestFloat32(f: number): number {
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/**
 * fmt.Sprint of a YAML scalar, as compose-go turns `environment` values into
 * strings. A JavaScript number does not say whether YAML wrote it as an int or
 * a float: integral values print as ints, the rest as Go prints a float64.
 */
export function goSprint(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    // Beyond 64 bits YAML could only have written a float.
    return Number.isInteger(value) && Math.abs(value) < 2 ** 64 ? BigInt(value).toString() : goFormatFloat(value);
  }
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

/** Go's `%v` for a float64: shortest round-trip digits, in `%e` form when the decimal exponent is < -4 or >= 6. */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const [mantissa = '0', expText = '0'] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(f);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
