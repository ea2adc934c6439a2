/**
 * `$name` and `${...}` with their modifiers, as BuildKit's lexer reads them:
 * `:-` `-` `:+` `+` `:?` `?` (with or without the colon, which also treats
 * an empty value as unset), `#` `##` `%` `%%` (shortest/longest prefix or
 * suffix), `/` and `//` (replace first/all); special parameters and
 * positional digits read as names that are never set.
 */
import { isGoDigit, isGoLetter } from './chars.js';
import { replacePattern, trimPrefix, trimSuffix } from './pattern.js';

export const EOF = '';
/** What Go prints for text/scanner's EOF rune in a message. */
const GO_EOF_RUNE = '\ufffd';

export class LexError extends Error {}

/** What the `$` reader needs from the word scanner. */
export interface DollarScanner {
  peek(): string;
  next(): string;
  processStopOn(stop: string, rawEscapes: boolean): { result: string };
  getEnv(name: string): string | undefined;
  readonly skipUnsetEnv: boolean;
}

export function processDollar(sw: DollarScanner): string {
  sw.next();
  if (sw.peek() !== '{') {
    const name = processName(sw);
    if (name === '') return '$';
    const value = sw.getEnv(name);
    if (value === undefined && sw.skipUnsetEnv) return `$${name}`;
    return value ?? '';
  }
  sw.next();
  const first = sw.peek();
  if (first === EOF) throw new LexError("syntax error: missing '}'");
  if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
  const name = processName(sw);
  const ch = sw.next();
  if (ch === '}') {
    const value = sw.getEnv(name);
    if (value === undefined && sw.skipUnsetEnv) return `\${${name}}`;
    return value ?? '';
  }
  if (ch === '/') return processReplace(sw, name);
  if (ch === ':') return processModifier(sw, name, sw.next() || GO_EOF_RUNE, true);
  if (ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%') return processModifier(sw, name, ch, false);
  throw new LexError(`unsupported modifier (${ch || GO_EOF_RUNE}) in substitution`);
}

function processModifier(sw: DollarScanner, name: string, op: string, nullIsUnset: boolean): string {
  const chs = nullIsUnset ? `:${op}` : op;
  const patternOp = op === '#' || op === '%';
  if (nullIsUnset && patternOp) throw new LexError(`unsupported modifier (${chs}) in substitution`);
  const word = nested(sw, '}', patternOp, "syntax error: missing '}'");
  const value = sw.getEnv(name);
  if (value === undefined && sw.skipUnsetEnv) return `\${${name}${chs}${word}}`;
  const unset = value === undefined || (nullIsUnset && value === '');
  switch (op) {
    case '-':
      return unset ? word : (value ?? '');
    case '+':
      return unset ? '' : word;
    case '?':
      if (value === undefined) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
      if (nullIsUnset && value === '') throw new LexError(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
      return value;
    case '#':
    case '%':
      return trimByPattern(op, word, value ?? '');
    default:
      throw new LexError(`unsupported modifier (${chs}) in substitution`);
  }
}

function processReplace(sw: DollarScanner, name: string): string {
  const all = sw.peek() === '/';
  if (all) sw.next();
  const pattern = nested(sw, '/', true, "syntax error: missing '/' in ${}");
  const replacement = nested(sw, '}', true, "syntax error: missing '}'");
  const value = sw.getEnv(name);
  if (value === undefined && sw.skipUnsetEnv) return `\${${name}/${pattern}/${replacement}}`;
  return replacePattern(value ?? '', pattern, replacement, all);
}

/** The text up to `stop`; running out of input is reported as `missing`. */
function nested(sw: DollarScanner, stop: string, rawEscapes: boolean, missing: string): string {
  try {
    return sw.processStopOn(stop, rawEscapes).result;
  } catch (e) {
    if (e instanceof LexError && sw.peek() === EOF) throw new LexError(missing);
    throw e;
  }
}

function processName(sw: DollarScanner): string {
  let name = '';
  while (sw.peek() !== EOF) {
    const ch = sw.peek();
    if (name === '' && isGoDigit(ch)) {
      while (sw.peek() !== EOF && isGoDigit(sw.peek())) name += sw.next();
      return name;
    }
    if (name === '' && isSpecialParam(ch)) return sw.next();
    if (!isGoLetter(ch) && !isGoDigit(ch) && ch !== '_') break;
    name += sw.next();
  }
  return name;
}

function trimByPattern(op: string, word: string, value: string): string {
  const greedy = word.startsWith(op);
  const pattern = greedy ? word.slice(op.length) : word;
  return op === '%' ? trimSuffix(pattern, value, greedy) : trimPrefix(pattern, value, greedy);
}

/** POSIX special parameters: `$@ $* $# $? $- $$ $! $0`. */
function isSpecialParam(ch: string): boolean {
  return '@*#?-$!0'.includes(ch) && ch.length === 1;
}

