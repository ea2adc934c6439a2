/**
 * Docker's word expansion (BuildKit frontend/dockerfile/shell): quotes,
 * escapes, `$var`, `${var}` and the modifiers `:-`, `-`, `:+`, `+`, `:?`,
 * `?`, `#`, `##`, `%`, `%%`, `/`, `//`. `processWord` keeps the spaces of the
 * word; `processWords` also splits it into words after expansion, where a
 * variable's value splits on spaces and quoted text does not.
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';
import { EOF, LexError, processDollar, type DollarScanner } from './dollar.js';
import type { EnvGetter } from './env.js';
import { Words } from './words.js';

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


class ShellWord implements DollarScanner {
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

  get skipUnsetEnv(): boolean {
    return this.opts.skipUnsetEnv;
  }

  run(source: string): { result: string; words: string[] } {
    try {
      return this.processStopOn(EOF, this.rawEscapes);
    } catch (e) {
      if (e instanceof LexError) throw new DockerfileError(`failed to process ${goQuote(source)}: ${e.message}`, undefined, undefined);
      throw e;
    }
  }

  peek(): string {
    return this.chars[this.pos] ?? EOF;
  }

  next(): string {
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
    if (ch === '$') return () => processDollar(this);
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
        result += processDollar(this);
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

  getEnv(name: string): string | undefined {
    const v = this.env.get(name);
    if (v === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return v;
  }
}

