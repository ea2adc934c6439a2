/**
 * Variable substitution in one string, as compose-go's template package does
 * it (`$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+a}`, `${VAR+a}`, nesting, `$$`). The algorithm follows compose-go
 * step by step, quirks included, because users' files depend on them: the
 * braced form reaches the last `}` of the line and is then cut back at the
 * first balanced one; defaults and messages are substituted even when unused.
 */
import { ComposeError } from '../errors.js';
import { goQuote } from './go-format.js';
import { SINGLE_PATTERN, TEMPLATE_PATTERN, firstClosingBrace } from './template-pattern.js';

export { extractVariables, type VariableInfo } from './template-variables.js';

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
  // Every reference starts with `$`; most values have none.
  if (!template.includes('$')) return template;
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
  const groups = SINGLE_PATTERN.exec(head);
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
