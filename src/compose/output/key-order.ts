/**
 * How Go orders map keys when printing: encoding/json sorts by bytes,
 * yaml.v3 by its own "natural" order (runs of digits compare as numbers,
 * letters before other characters after a digit, and so on).
 */
export type KeyOrder = (a: string, b: string) => number;

const SURROGATE = /[\ud800-\udfff]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Go's sort.Strings: byte order of the UTF-8 encoding, i.e. code point order. */
export function byteOrder(a: string, b: string): number {
  // Without surrogate pairs, UTF-16 unit order is code point order.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return byteOrderByRunes(a, b);
}

/** byteOrder for any text, rune by rune (exported so tests hold the fast path to it). */
export function byteOrderByRunes(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = code(x, i) - code(y, i);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** yaml.v3's keyList.Less, as a comparator. */
export function yamlKeyOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (!NON_ASCII.test(a) && !NON_ASCII.test(b)) return yamlLessAscii(a, b) ? -1 : 1;
  return yamlKeyOrderByRunes(a, b);
}

/** yamlKeyOrder for any text, rune by rune (exported so tests hold the ASCII path to it). */
export function yamlKeyOrderByRunes(a: string, b: string): number {
  if (a === b) return 0;
  return yamlLess([...a], [...b]) ? -1 : 1;
}

/** yamlLess on ASCII text, by char codes: the same steps without splitting the strings. */
function yamlLessAscii(a: string, b: string): boolean {
  let digits = false;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) {
      digits = isAsciiDigit(x);
      continue;
    }
    const al = isAsciiLetter(x);
    const bl = isAsciiLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return digits ? al : bl;
    return numericLessAscii(a, b, i);
  }
  return a.length < b.length;
}

function numericLessAscii(a: string, b: string, i: number): boolean {
  let an = 0;
  let bn = 0;
  if (a.charCodeAt(i) === 48 || b.charCodeAt(i) === 48) {
    for (let j = i - 1; j >= 0 && isAsciiDigit(a.charCodeAt(j)); j--) {
      if (a.charCodeAt(j) !== 48) {
        an = 1;
        bn = 1;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < a.length && isAsciiDigit(a.charCodeAt(ai)); ai++) an = an * 10 + (a.charCodeAt(ai) - 48);
  for (; bi < b.length && isAsciiDigit(b.charCodeAt(bi)); bi++) bn = bn * 10 + (b.charCodeAt(bi) - 48);
  if (an !== bn) return an < bn;
  if (ai !== bi) return ai < bi;
  return a.charCodeAt(i) < b.charCodeAt(i);
}

const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const isLetter = (ch: string | undefined): boolean => ch !== undefined && /^\p{L}$/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && /^\p{Nd}$/u.test(ch);
const code = (runes: readonly string[], i: number): number => runes[i]?.codePointAt(0) ?? 0;

function yamlLess(ar: readonly string[], br: readonly string[]): boolean {
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return code(ar, i) < code(br, i);
    if (al || bl) return digits ? al : bl;
    return numericLess(ar, br, i);
  }
  return ar.length < br.length;
}

/** Both sides differ at `i` on a non-letter: compare the digit runs there as numbers. */
function numericLess(ar: readonly string[], br: readonly string[], i: number): boolean {
  let an = 0;
  let bn = 0;
  if (ar[i] === '0' || br[i] === '0') {
    // A zero inside a longer number (after a non-zero digit) is not a leading zero.
    for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
      if (ar[j] !== '0') {
        an = 1;
        bn = 1;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (code(ar, ai) - 48);
  for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (code(br, bi) - 48);
  if (an !== bn) return an < bn;
  if (ai !== bi) return ai < bi;
  return code(ar, i) < code(br, i);
}
