/**
 * How compose's YAML reads a scalar: the yaml package's YAML 1.2 core schema
 * with Go's integers in front. Both readers (parse.ts through the yaml
 * package, yaml-common.ts for the common subset) resolve plain scalars with
 * the same tag list, so they cannot disagree on what `0440` or `~` means.
 */
import { isScalar, Schema, type ScalarTag, type Tags } from 'yaml';

/**
 * Go's yaml.v3 reads a plain integer with strconv.ParseInt(s, 0, 64) after
 * dropping underscores, so `0440` is octal (288) and `1_000` is 1000, where
 * YAML 1.2's core schema says 440 and a string. File modes depend on it.
 */
const GO_INT: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?(?:0[0-7_]*|0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|[1-9][0-9_]*)$/,
  resolve: (src: string) => goParseInt(src),
};

/**
 * Integers past 2^53 keep their exact decimal digits as a string: compose
 * prints them back digit for digit (as environment values, labels...), which
 * a JavaScript number cannot.
 */
function goParseInt(src: string): number | string {
  const negative = src.startsWith('-');
  const body = src.replace(/^[-+]/, '').replace(/_/g, '');
  const prefixed = /^0[bBoOxX]/.test(body) ? `0${body[1]!.toLowerCase()}${body.slice(2)}` : undefined;
  const literal = prefixed ?? (/^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body);
  const big = BigInt(literal) * (negative ? -1n : 1n);
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

/** The tag list the yaml package is given: Go integers first, then the core schema's own. */
export const composeTags = (tags: Tags): Tags => [GO_INT, ...tags];

const SCHEMA = new Schema({ customTags: composeTags, merge: true });
const RESOLVE_OPTIONS = { intAsBigInt: false };

/**
 * One regular expression that matches what any of `tags` tests match (each
 * test is anchored), so most scalars need one match, not a dozen; a test with
 * flags would not combine, so then every tag is tried.
 */
function anyTest(tags: readonly ScalarTag[]): (text: string) => boolean {
  const tests = tags.flatMap((t) => (t.test === undefined ? [] : [t.test]));
  if (tests.some((t) => t.flags !== '')) return (text) => tests.some((t) => t.test(text));
  const union = new RegExp(tests.map((t) => `(?:${t.source})`).join('|'));
  return (text) => union.test(text);
}

const VALUE_TAGS = (SCHEMA.tags as ScalarTag[]).filter((t) => t.default === true);
const mayBeValue = anyTest(VALUE_TAGS);
const mayBeKey = anyTest((SCHEMA.tags as ScalarTag[]).filter((t) => t.default === true || t.default === 'key'));

/** What a plain scalar can mean in compose's YAML (big integers stay strings, see goParseInt). */
export type PlainValue = string | number | boolean | null;

/** Thrown where the yaml package would report the scalar as an error (`0b_` is no number). */
export class UnresolvableScalar {}

/**
 * A plain scalar's value, found as the yaml package's composer finds it: the
 * first default tag whose test matches, else a string. Text that cannot
 * match any tag (it starts with a letter no keyword starts with, a `/`...)
 * is a string without trying them.
 */
export function resolvePlain(text: string): PlainValue {
  if ((text !== '' && !MAY_BE_TYPED.test(text[0]!)) || !mayBeValue(text)) return text;
  const tag = VALUE_TAGS.find((t) => t.test?.test(text) === true);
  if (tag === undefined) return text;
  let failed = false;
  let res: unknown;
  try {
    res = tag.resolve(text, () => (failed = true), RESOLVE_OPTIONS);
  } catch {
    failed = true;
  }
  if (failed) throw new UnresolvableScalar();
  return (isScalar(res) ? res.value : res) as PlainValue;
}

/** Whether a plain key reads as the string it spells (compose keys must be strings; `<<` is a merge). */
export function isPlainStringKey(text: string): boolean {
  if (text !== '' && !MAY_BE_TYPED.test(text[0]!)) return true;
  return !mayBeKey(text);
}

/**
 * First characters some tag test can match: digits, signs and `.` (numbers),
 * `~`, n/N (null), t/T/f/F (booleans), `<` (the merge key), `0` prefixes.
 * yaml-scalars.test.ts checks this against every tag for every ASCII start.
 */
export const MAY_BE_TYPED = /^[-+.0-9~nNtTfF<]$/;
