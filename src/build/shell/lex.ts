/**
 * Docker's word expansion (BuildKit frontend/dockerfile/shell): quotes,
 * escapes, `$var`, `${var}` and the modifiers `:-`, `-`, `:+`, `+`, `:?`,
 * `?`, `#`, `##`, `%`, `%%`, `/`, `//`. `processWord` keeps the spaces of the
 * word; `processWords` also splits it into words after expansion, where a
 * variable's value splits on spaces and quoted text does not.
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';
import { isGoDigit, isGoLetter, isGoSpace } from './chars.js';
import type { EnvGetter } from './env.js';
import { replacePattern, trimPrefix, trimSuffix } from './pattern.js';

export interface LexOptions {
  /** The Dockerfile's escape character: `\` (default) or `` ` ``. */
  escapeToken?: string;
  /** Keep the quote characters in the result. */
  rawQuotes?: boolean;
  /** Keep the escape characters in the result. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters. */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as they were written. */
  skipUnsetEnv?: boolean;
}

export interface WordResult {
  result: string;
  /** Variables the word referenced that were set / unset. */
  matched: Set<string>;
  unmatched: Set<string>;
}

export class ShellLex {
  readonly escapeToken: string;
  private readonly opts: Required<Omit<LexOptions, 'escapeToken'>>;

  constructor(opts: LexOptions = {}) {
    this.escapeToken = opts.escapeToken ?? '\\';
    this.opts = {
      rawQuotes: opts.rawQuotes ?? false,
      rawEscapes: opts.rawEscapes ?? false,
      skipProcessQuotes: opts.skipProcessQuotes ?? false,
      skipUnsetEnv: opts.skipUnsetEnv ?? false,
    };
  }

  with(opts: LexOptions): ShellLex {
    return new ShellLex({ escapeToken: this.escapeToken, ...this.opts, ...opts });
  }

  processWord(word: string, env: EnvGetter): WordResult {
    const sw = this.word(word, env);
    return { result: sw.run(word).result, matched: sw.matched, unmatched: sw.unmatched };
  }

  processWords(word: string, env: EnvGetter): string[] {
    return this.word(word, env).run(word).words;
  }

  private word(word: string, env: EnvGetter): ShellWord {
    return new ShellWord([...word], env, this.escapeToken, this.opts);
  }
}

const EOF = '';
/** What Go prints for text/scanner's EOF rune in a message. */
const GO_EOF_RUNE = '\ufffd';

/** Collects the split words: unquoted spaces end a word, quoted text never does. */
class Words {
  private buf = '';
  private inWord = false;
  readonly words: string[] = [];

  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf !== '') {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }

  addRaw(s: string): void {
    this.buf += s;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  finish(): string[] {
    if (this.buf !== '') this.words.push(this.buf);
    this.buf = '';
    this.inWord = false;
    return this.words;
  }
}

class ShellWord {
  private pos = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  private rawEscapes: boolean;

  constructor(
    private readonly chars: string[],
    private readonly env: EnvGetter,
    private readonly escape: string,
    private readonly opts: Required<Omit<LexOptions, 'escapeToken'>>,
  ) {
    this.rawEscapes = opts.rawEscapes;
  }

  run(source: string): { result: string; words: string[] } {
    try {
      return this.processStopOn(EOF, this.rawEscapes);
    } catch (e) {
      if (e instanceof LexError) throw new DockerfileError(`failed to process ${goQuote(source)}: ${e.message}`, undefined, undefined);
      throw e;
    }
  }

  private peek(): string {
    return this.chars[this.pos] ?? EOF;
  }

  private next(): string {
    const ch = this.chars[this.pos] ?? EOF;
    if (ch !== EOF) this.pos++;
    return ch;
  }

  /** Reads up to `stop` (consumed) or the end; `stop` EOF means the whole input. */
  processStopOn(stop: string, rawEscapes: boolean): { result: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      return this.scan(stop);
    } finally {
      this.rawEscapes = saved;
    }
  }

  private scan(stop: string): { result: string; words: string[] } {
    let result = '';
    const words = new Words();
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (stop !== EOF && ch === stop) {
        this.next();
        return { result, words: words.finish() };
      }
      const special = this.special(ch);
      if (special !== undefined) {
        const text = special();
        result += text;
        if (ch === '$') words.addString(text);
        else words.addRaw(text);
        continue;
      }
      const [text, ended] = this.plainChar(words);
      result += text;
      if (ended) break;
    }
    if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
    return { result, words: words.finish() };
  }

  private special(ch: string): (() => string) | undefined {
    if (ch === '$') return () => this.processDollar();
    if (ch === '<') return () => this.processPossibleHeredoc();
    if (this.opts.skipProcessQuotes) return undefined;
    if (ch === "'") return () => this.processSingleQuote();
    if (ch === '"') return () => this.processDoubleQuote();
    return undefined;
  }

  /** An ordinary character, or an escape and what it escapes; `ended` at a trailing escape. */
  private plainChar(words: Words): [text: string, ended: boolean] {
    let ch = this.next();
    let out = '';
    if (ch === this.escape) {
      if (this.rawEscapes) {
        words.addRaw(ch);
        out += ch;
      }
      ch = this.next();
      if (ch === EOF) return [out, true];
      words.addRaw(ch);
    } else words.addChar(ch);
    return [out + ch, false];
  }

  private processSingleQuote(): string {
    const open = this.next();
    let result = this.opts.rawQuotes ? open : '';
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return this.opts.rawQuotes ? result + ch : result;
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    const open = this.next();
    let result = this.opts.rawQuotes ? open : '';
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') {
        this.next();
        return this.opts.rawQuotes ? result + ch : result;
      }
      if (ch === '$') {
        result += this.processDollar();
        continue;
      }
      result += this.doubleQuotedChar();
    }
  }

  /** Inside "...", the escape only escapes `"`, `$` and itself; elsewhere it stays. */
  private doubleQuotedChar(): string {
    let ch = this.next();
    let out = '';
    if (ch === this.escape) {
      if (this.rawEscapes) out += ch;
      const after = this.peek();
      if (after === EOF) return out;
      if (after === '"' || after === '$' || after === this.escape) ch = this.next();
    }
    return out + ch;
  }

  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let space = '';
    while (this.peek() === '\t' || this.peek() === '\r' || this.peek() === ' ') space += this.next();
    return `<<${space}`;
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `$${name}`;
      return value ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.processName();
    const ch = this.next();
    if (ch === '}') {
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value ?? '';
    }
    if (ch === '/') return this.processReplace(name);
    if (ch === ':') return this.processModifier(name, this.next() || GO_EOF_RUNE, true);
    if (ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%') return this.processModifier(name, ch, false);
    throw new LexError(`unsupported modifier (${ch || GO_EOF_RUNE}) in substitution`);
  }

  private processModifier(name: string, op: string, nullIsUnset: boolean): string {
    const chs = nullIsUnset ? `:${op}` : op;
    const patternOp = op === '#' || op === '%';
    if (nullIsUnset && patternOp) throw new LexError(`unsupported modifier (${chs}) in substitution`);
    const word = this.nested('}', patternOp, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}${chs}${word}}`;
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

  private processReplace(name: string): string {
    const all = this.peek() === '/';
    if (all) this.next();
    const pattern = this.nested('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.nested('}', true, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}/${pattern}/${replacement}}`;
    return replacePattern(value ?? '', pattern, replacement, all);
  }

  /** The text up to `stop`; running out of input is reported as `missing`. */
  private nested(stop: string, rawEscapes: boolean, missing: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } catch (e) {
      if (e instanceof LexError && this.peek() === EOF) throw new LexError(missing);
      throw e;
    }
  }

  private processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name === '' && isGoDigit(ch)) {
        while (this.peek() !== EOF && isGoDigit(this.peek())) name += this.next();
        return name;
      }
      if (name === '' && isSpecialParam(ch)) return this.next();
      if (!isGoLetter(ch) && !isGoDigit(ch) && ch !== '_') break;
      name += this.next();
    }
    return name;
  }

  private getEnv(name: string): string | undefined {
    const v = this.env.get(name);
    if (v === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return v;
  }
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

class LexError extends Error {}
