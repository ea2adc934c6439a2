/**
 * Variable substitution in one string, as compose-go's template package does
 * it (`$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+a}`, `${VAR+a}`, nesting, `$$`). The algorithm follows compose-go
 * step by step, quirks included, because users' files depend on them: the
 * braced form reaches the last `}` of the line and is then cut back at the
 * first balanced one; defaults and messages are substituted even when unused.
 */
import { ComposeError } from '../errors.js';
import { isMapping } from './tree.js';
import { goQuote } from './go-format.js';

export type Lookup = (name: string) => string | undefined;
export type Warn = (message: string) => void;

/** A `$` that starts something compose cannot read (`${`, `${ foo}`, `${foo!}`). */
export class InvalidTemplateError extends ComposeError {
  /** The text being substituted when the problem was found (an inner default, for nested ones). */
  readonly template: string;
  constructor(template: string) {
    super('E_INTERPOLATION', `Invalid template: ${goQuote(template)}`, {}, { hint: 'escape a literal `$` as `$$`' });
    this.template = template;
  }
}

/** `${VAR:?msg}` or `${VAR?msg}` met an unset (or empty) variable. */
export class MissingRequiredError extends ComposeError {
  readonly variable: string;
  readonly reason: string;
  constructor(variable: string, reason: string) {
    const base = `required variable ${variable} is missing a value`;
    super('E_REQUIRED_VARIABLE', reason === '' ? base : `${base}: ${reason}`, {}, {
      hint: `set ${variable} in the environment or in the .env file`,
    });
    this.variable = variable;
    this.reason = reason;
  }
}

/** Escaped `$$`, `$name`, `${braced...}` (up to the line's last `}`), or an invalid `${`. Names are case-insensitive. */
const SOURCE = String.raw`\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}|()))`;
const TEMPLATE_PATTERN = new RegExp(SOURCE, 'gi');
const SINGLE = new RegExp(SOURCE, 'i');

interface Context {
  lookup: Lookup;
  warn: Warn | undefined;
}

/** Raised inside one match; the enclosing substitution names the template it belongs to. */
class UnplacedInvalidTemplate extends Error {}

/**
 * Replaces every variable reference in `text`. Unset plain references become
 * "" with a warning; errors are raised after the whole text was scanned (as
 * compose does, so warnings for later references are still emitted).
 */
export function substitute(text: string, lookup: Lookup, warn?: Warn): string {
  return substituteIn(text, { lookup, warn });
}

function substituteIn(template: string, ctx: Context): string {
  let first: ComposeError | undefined;
  const result = template.replace(TEMPLATE_PATTERN, (match: string) => {
    try {
      return replaceMatch(match, ctx);
    } catch (err) {
      if (err instanceof UnplacedInvalidTemplate) first ??= new InvalidTemplateError(template);
      else if (err instanceof InvalidTemplateError || err instanceof MissingRequiredError) first ??= err;
      else throw err;
      return '';
    }
  });
  if (first !== undefined) throw first;
  return result;
}

function replaceMatch(match: string, ctx: Context): string {
  const operator = pickOperator(match);
  const close = firstClosingBrace(match);
  const head = close > -1 ? match.slice(0, close + 1) : match;
  const rest = close > -1 ? match.slice(close + 1) : '';
  const groups = SINGLE.exec(head);
  const [, escaped, named, braced] = groups ?? [];
  if (escaped) return escaped;
  const name = named || braced;
  if (!name) throw new UnplacedInvalidTemplate();
  if (!named && operator !== undefined) {
    const value = operator.apply(name, operator.sep, ctx);
    if (value !== undefined) return value + substituteIn(rest, ctx);
  }
  const value = ctx.lookup(name);
  if (value === undefined) ctx.warn?.(`The ${goQuote(name)} variable is not set. Defaulting to a blank string.`);
  return value ?? '';
}

type Apply = (substitution: string, sep: string, ctx: Context) => string | undefined;

interface Operator {
  sep: string;
  apply: Apply;
}

const OPERATORS: readonly Operator[] = [
  { sep: ':?', apply: required((v) => v !== '') },
  { sep: '?', apply: required(() => true) },
  { sep: ':-', apply: defaultWhenAbsent(true) },
  { sep: '-', apply: defaultWhenAbsent(false) },
  { sep: ':+', apply: alternateWhenPresent(true) },
  { sep: '+', apply: alternateWhenPresent(false) },
];

/** The operator occurring first anywhere in the match (compose looks at the whole match, not just after the name). */
function pickOperator(match: string): Operator | undefined {
  let best: Operator | undefined;
  let bestIndex = Infinity;
  for (const op of OPERATORS) {
    const i = match.indexOf(op.sep);
    if (i >= 0 && i < bestIndex) {
      best = op;
      bestIndex = i;
    }
  }
  return best;
}

/** Index of the `}` closing the first `{`; the character after each `{` is skipped, as compose does. */
export function firstClosingBrace(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function partition(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function defaultWhenAbsent(emptyCounts: boolean): Apply {
  return (substitution, sep, ctx) => {
    if (!substitution.includes(sep)) return undefined;
    const [name, raw] = partition(substitution, sep);
    const fallback = substituteIn(raw, ctx);
    const value = ctx.lookup(name);
    return value === undefined || (emptyCounts && value === '') ? fallback : value;
  };
}

function alternateWhenPresent(nonEmptyOnly: boolean): Apply {
  return (substitution, sep, ctx) => {
    if (!substitution.includes(sep)) return undefined;
    const [name, raw] = partition(substitution, sep);
    const alternate = substituteIn(raw, ctx);
    const value = ctx.lookup(name);
    if (value !== undefined && (!nonEmptyOnly || value !== '')) return alternate;
    return value ?? '';
  };
}

function required(valid: (value: string) => boolean): Apply {
  return (substitution, sep, ctx) => {
    if (!substitution.includes(sep)) return undefined;
    const [name, raw] = partition(substitution, sep);
    const reason = substituteIn(raw, ctx);
    const value = ctx.lookup(name);
    if (value === undefined || !valid(value)) throw new MissingRequiredError(name, reason);
    return value;
  };
}

/** What `config --variables` prints for one variable. */
export interface VariableInfo {
  name: string;
  required: boolean;
  /** Set for `${VAR-d}` / `${VAR:-d}`. */
  defaultValue?: string;
  /** Set for `${VAR+a}` / `${VAR:+a}`. */
  alternateValue?: string;
}

/**
 * Every variable referenced by the string values of a (not interpolated)
 * model, as compose-go's ExtractVariables finds them: strings inside mappings
 * at any depth, but inside sequences only the string items (a mapping inside a
 * list, such as a long-syntax port, is not looked into). When a variable
 * appears several times the last occurrence wins.
 */
export function extractVariables(tree: unknown): Map<string, VariableInfo> {
  const found = new Map<string, VariableInfo>();
  const record = (vars: VariableInfo[]): void => {
    for (const v of vars) found.set(v.name, v);
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') record(variablesIn(value));
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') record(variablesIn(item));
    } else if (isMapping(value)) {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(tree);
  return found;
}

const NAME_END = /[^A-Za-z0-9_]/;

function variablesIn(text: string): VariableInfo[] {
  const out: VariableInfo[] = [];
  for (const [whole, escaped, named, braced] of text.matchAll(TEMPLATE_PATTERN)) {
    if (escaped) continue;
    let body = named ?? '';
    if (body === '') {
      body = braced ?? '';
      const close = firstClosingBrace(whole);
      if (close > 0) {
        body = whole.slice(2, close);
        out.push(...variablesIn(whole.slice(close + 1)));
      }
    }
    const info = describe(body);
    out.push(info);
    if (info.defaultValue) out.push(...variablesIn(info.defaultValue));
    if (info.alternateValue) out.push(...variablesIn(info.alternateValue));
  }
  return out;
}

function describe(body: string): VariableInfo {
  const end = body.search(NAME_END);
  if (end <= 0) return { name: body, required: false };
  const name = body.slice(0, end);
  const rest = body.slice(end);
  if (rest.startsWith(':?') || rest.startsWith('?')) return { name, required: true };
  if (rest.startsWith(':-')) return { name, required: false, defaultValue: rest.slice(2) };
  if (rest.startsWith('-')) return { name, required: false, defaultValue: rest.slice(1) };
  if (rest.startsWith(':+')) return { name, required: false, alternateValue: rest.slice(2) };
  if (rest.startsWith('+')) return { name, required: false, alternateValue: rest.slice(1) };
  return { name, required: false };
}
