/**
 * The two strconv parsers pflag uses for our flags, with Go's acceptance
 * rules and error texts: `invalid argument "x" for "--parallel" flag:
 * strconv.ParseInt: parsing "x": invalid syntax` is what docker compose prints.
 */
import { GoNumError, underscoresOk } from '../compose/go-format.js';

export { goParseBool as parseGoBool } from '../compose/go-format.js';

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * strconv.ParseInt(s, 0, 64): the base comes from the prefix (0x, 0o, 0b, or
 * a leading 0 for octal), and underscores may separate digits.
 */
export function parseGoInt(s: string): number {
  const fail = (reason: 'invalid syntax' | 'value out of range'): never => {
    throw new GoNumError('ParseInt', s, reason);
  };
  let body = s;
  let negative = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  if (body === '') fail('invalid syntax');
  const { base, digits } = splitBase(body);
  let n = 0n;
  let sawUnderscore = false;
  for (const c of digits) {
    if (c === '_') {
      sawUnderscore = true;
      continue;
    }
    const d = Number.parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) fail('invalid syntax');
    n = n * BigInt(base) + BigInt(d);
    // Go stops at the first digit that overflows, even if a bad character follows.
    if (n > UINT64_MAX) fail('value out of range');
  }
  if (sawUnderscore && !underscoresOk(body)) fail('invalid syntax');
  if (negative ? n > INT64_MAX + 1n : n > INT64_MAX) fail('value out of range');
  return Number(negative ? -n : n);
}

function splitBase(body: string): { base: number; digits: string } {
  if (!body.startsWith('0')) return { base: 10, digits: body };
  const p = body[1]?.toLowerCase();
  if (body.length >= 3 && p === 'x') return { base: 16, digits: body.slice(2) };
  if (body.length >= 3 && p === 'o') return { base: 8, digits: body.slice(2) };
  if (body.length >= 3 && p === 'b') return { base: 2, digits: body.slice(2) };
  return { base: 8, digits: body.slice(1) };
}
