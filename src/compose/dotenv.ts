/**
 * The `.env` / `env_file` grammar of compose-go's dotenv package (v2.4.8):
 * `KEY=value` or `KEY: value`, optional `export `, comments, single quotes
 * (literal), double quotes (escapes, then `${}` expansion), multi-line quoted
 * values, inline ` #` comments on unquoted values, bare `KEY` inheriting from
 * the lookup. The scanner is a port of compose-go's, cursor for cursor,
 * because its corner cases (line numbers in errors, text after a closing
 * quote starting a new statement) are what users see.
 */
import { ComposeError } from '../errors.js';
import { goQuote } from './go-format.js';
import { substitute, type Lookup, type Warn } from './template.js';

export interface DotenvOptions {
  /** Named in DotenvError so callers can say which file failed. */
  filename: string;
  /** Variables from outside the file; they win over earlier lines of the file in `${}`. */
  lookup: Lookup;
  /** Receives "variable is not set" warnings from `${}` expansion. */
  warn?: Warn;
}

/** A syntax error in an env file. The message is compose's (`line 3: ...`); callers add the file name where compose does. */
export class DotenvError extends ComposeError {
  readonly filename: string;
  readonly line: number;
  constructor(filename: string, line: number, message: string) {
    super('E_DOTENV', `line ${line}: ${message}`, {}, { hint: `check line ${line} of ${filename}` });
    this.filename = filename;
    this.line = line;
  }
}

/** Parses one env file. Keys come back in file order; a later line wins. */
export function parseDotenv(content: string, opts: DotenvOptions): Record<string, string> {
  const scanner = new Scanner(opts);
  return Object.fromEntries(scanner.parse(content.startsWith('\uFEFF') ? content.slice(1) : content));
}

/** dotenv's isSpace: blanks, but not the line break. */
const BLANK = /^[\t\v\f\r \u0085\u00a0]/;
/** Go's unicode.IsSpace. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const GO_SPACE_END = new RegExp(`${GO_SPACE.source}+$`);
const BLANK_START = /^[\t\v\f\r \u0085\u00a0]+/;
const EXPORT = /^export[\t\n\f\r ]+/;
const KEY_CHAR = /^[\p{L}\p{N}_.\-[\]]$/u;
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"',
};

interface KeyName {
  key: string;
  rest: string;
  inherited: boolean;
}

class Scanner {
  private line = 1;
  constructor(private readonly opts: DotenvOptions) {}

  parse(src: string): Map<string, string> {
    const out = new Map<string, string>();
    let cutset = src;
    for (;;) {
      cutset = this.statementStart(cutset);
      if (cutset === '') return out;
      const { key, rest, inherited } = this.keyName(cutset);
      if (key.includes(' ')) throw this.error('key cannot contain a space');
      if (inherited) {
        const value = this.opts.lookup(key);
        if (value !== undefined) out.set(key, value);
        cutset = rest;
        continue;
      }
      const [value, after] = this.value(rest, out);
      out.set(key, value);
      cutset = after;
    }
  }

  /** Skips blank and comment lines; returns the text from the next statement, or "". */
  private statementStart(src: string): string {
    let s = src;
    for (;;) {
      const pos = this.indexOfNonSpace(s);
      if (pos < 0) return '';
      s = s.slice(pos);
      if (!s.startsWith('#')) return s;
      const eol = s.indexOf('\n');
      if (eol < 0) return '';
      s = s.slice(eol);
    }
  }

  private indexOfNonSpace(s: string): number {
    for (let i = 0; i < s.length; i++) {
      const c = s[i] as string;
      if (c === '\n') this.line++;
      if (!GO_SPACE.test(c)) return i;
    }
    return -1;
  }

  private keyName(statement: string): KeyName {
    const src = EXPORT.test(statement) ? statement.slice('export'.length).replace(BLANK_START, '') : statement;
    let key = '';
    let offset = 0;
    let inherited = false;
    for (let i = 0; i < src.length; ) {
      const ch = String.fromCodePoint(src.codePointAt(i) ?? 0);
      if (ch === '=' || ch === ':' || ch === '\n') {
        key = src.slice(0, i);
        offset = i + 1;
        inherited = ch === '\n';
        break;
      }
      if (!BLANK.test(ch) && !KEY_CHAR.test(ch)) {
        throw this.error(`unexpected character ${goQuote(ch)} in variable name ${goQuote(src.split('\n')[0] ?? '')}`);
      }
      i += ch.length;
    }
    // A bare key ends its line here, so count that line (compose-go v2.4.8 does).
    if (inherited && !key.includes(' ')) this.line++;
    return { key: key.replace(GO_SPACE_END, ''), rest: src.slice(offset).replace(BLANK_START, ''), inherited };
  }

  private value(src: string, defined: Map<string, string>): [string, string] {
    const quote = src[0];
    if (quote !== '"' && quote !== "'") {
      const eol = src.indexOf('\n');
      const raw = eol < 0 ? src : src.slice(0, eol);
      this.line++;
      const comment = raw.indexOf(' #');
      const value = (comment < 0 ? raw : raw.slice(0, comment)).replace(GO_SPACE_END, '');
      return [this.expand(value, defined), eol < 0 ? '' : src.slice(eol + 1)];
    }
    let chars = '';
    let escaped = false;
    for (let i = 1; i < src.length; i++) {
      const c = src[i] as string;
      if (c === '\n') this.line++;
      if (c === quote && !escaped) {
        const value = quote === '"' ? this.expand(expandEscapes(chars), defined) : chars;
        return [value, src.slice(i + 1)];
      }
      if (c !== quote && !escaped && c === '\\') {
        escaped = true;
        continue;
      }
      // An escaped quote loses its backslash; any other escape keeps it for expandEscapes.
      if (escaped && c !== quote) chars += '\\';
      escaped = false;
      chars += c;
    }
    const eol = src.indexOf('\n');
    throw this.error(`unterminated quoted value ${eol < 0 ? src : src.slice(0, eol)}`);
  }

  /** `${}` expansion: the outside lookup first, then keys defined earlier in this file. */
  private expand(value: string, defined: Map<string, string>): string {
    return substitute(value, (name) => this.opts.lookup(name) ?? defined.get(name), this.opts.warn);
  }

  private error(message: string): DotenvError {
    return new DotenvError(this.opts.filename, this.line, message);
  }
}

/**
 * Shell escapes inside double quotes: \a \b \f \n \r \t \v \\ \" and XSI
 * octal `\0nnn`; `\$` becomes `$$` so substitution leaves a literal `$`.
 * Anything Go's UnquoteChar rejects is kept as written (with `\0` shortened to `\`).
 */
function expandEscapes(s: string): string {
  return s.replace(ESCAPE, (match) => {
    if (match === '\\$') return '$$';
    const body = match.startsWith('\\0') ? match.slice(2) : match.slice(1);
    if (!match.startsWith('\\0')) return SIMPLE_ESCAPES[body] ?? match;
    if (/^[0-7]{3}$/.test(body)) {
      const code = Number.parseInt(body, 8);
      if (code <= 0xff) return String.fromCharCode(code);
    }
    return `\\${body}`;
  });
}
