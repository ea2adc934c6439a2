/**
 * Command-line flags with the semantics of spf13/pflag, the parser behind
 * docker compose: `--flag=value`, `--flag value`, repeatable arrays,
 * combined short flags (`-qd`, `-qo out.yaml`, `-pname`), `--` to end flags,
 * and pflag's exact error texts, which scripts and users see.
 */
import { goQuote } from '../compose/go-format.js';
import { parseGoBool, parseGoInt } from './go-values.js';

export type FlagKind = 'bool' | 'string' | 'stringArray' | 'int';

export interface FlagSpec {
  name: string;
  /** One letter, used as `-x`. */
  short?: string;
  kind: FlagKind;
  usage: string;
  /** The default as pflag records it (`auto`, `-1`); empty or absent for the zero value. */
  defaultValue?: string;
  /** Where the value is kept when the name is also a root flag's (exec's --workdir is not the root's --workdir). */
  key?: string;
  /** Left out of help, still accepted. */
  hidden?: boolean;
  /** Inherited by subcommands (cobra's persistent flags). */
  persistent?: boolean;
}

export type FlagValue = boolean | string | string[] | number;

/** A flag the user got wrong; the caller decides the exit code (cobra uses two). */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** Values of the flags of one command line, with which ones the user set. */
export class FlagValues {
  private readonly values = new Map<string, FlagValue>();
  readonly changed = new Set<string>();

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }

  string(name: string): string {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : '';
  }

  strings(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? [...v] : [];
  }

  int(name: string): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : 0;
  }

  /** Sets a flag's default unless a value is already there (flags shared by several parses keep theirs). */
  init(spec: FlagSpec): void {
    const key = spec.key ?? spec.name;
    if (!this.values.has(key)) this.values.set(key, defaultOf(spec));
  }

  /** pflag's Value.Set: converts and records, arrays append after the first explicit value. */
  set(spec: FlagSpec, raw: string): void {
    let value: FlagValue;
    try {
      value = convert(spec, raw);
    } catch (e) {
      throw new FlagError(`invalid argument ${goQuote(raw)} for "${displayName(spec)}" flag: ${(e as Error).message}`);
    }
    if (spec.kind === 'stringArray') {
      value = this.changed.has(spec.key ?? spec.name) ? [...this.strings(spec.key ?? spec.name), raw] : [raw];
    }
    this.values.set(spec.key ?? spec.name, value);
    this.changed.add(spec.key ?? spec.name);
  }
}

function defaultOf(spec: FlagSpec): FlagValue {
  const d = spec.defaultValue ?? '';
  switch (spec.kind) {
    case 'bool':
      return d === 'true';
    case 'int':
      return d === '' ? 0 : Number(d);
    case 'stringArray':
      return [];
    case 'string':
      return d;
  }
}

function convert(spec: FlagSpec, raw: string): FlagValue {
  switch (spec.kind) {
    case 'bool':
      return parseGoBool(raw);
    case 'int':
      return parseGoInt(raw);
    default:
      return raw;
  }
}

/** How pflag names a flag in messages: `-q, --quiet` or `--parallel`. */
export function displayName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

/** Booleans need no value: `--quiet` means `--quiet=true` (pflag's NoOptDefVal). */
export function takesNoValue(spec: FlagSpec | undefined): boolean {
  return spec?.kind === 'bool';
}

export class FlagSet {
  private readonly byName = new Map<string, FlagSpec>();
  private readonly byShort = new Map<string, FlagSpec>();

  constructor(readonly specs: readonly FlagSpec[]) {
    for (const s of specs) {
      this.byName.set(s.name, s);
      if (s.short) this.byShort.set(s.short, s);
    }
  }

  lookup(name: string): FlagSpec | undefined {
    return this.byName.get(name);
  }

  lookupShort(letter: string): FlagSpec | undefined {
    return this.byShort.get(letter);
  }
}

export interface ParsedArgs {
  /** Positional arguments, in order. */
  args: string[];
  /** How many positional arguments came before `--`, or -1 without one. */
  argsLenAtDash: number;
}

/**
 * pflag's FlagSet.Parse. Without `interspersed`, the first positional
 * argument ends flag parsing (the root command's mode: flags after the
 * command name belong to the command).
 */
export function parseFlags(set: FlagSet, argv: readonly string[], into: FlagValues, interspersed: boolean): ParsedArgs {
  for (const spec of set.specs) into.init(spec);
  const positional: string[] = [];
  let rest = [...argv];
  while (rest.length > 0) {
    const s = rest.shift() as string;
    if (s.length < 2 || !s.startsWith('-')) {
      positional.push(s);
      if (!interspersed) return { args: [...positional, ...rest], argsLenAtDash: -1 };
      continue;
    }
    if (s === '--') return { args: [...positional, ...rest], argsLenAtDash: positional.length };
    rest = s.startsWith('--') ? parseLong(set, s, rest, into) : parseShort(set, s, rest, into);
  }
  return { args: positional, argsLenAtDash: -1 };
}

function parseLong(set: FlagSet, s: string, rest: string[], into: FlagValues): string[] {
  const body = s.slice(2);
  if (body === '' || body.startsWith('-') || body.startsWith('=')) throw new FlagError(`bad flag syntax: ${s}`);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const spec = set.lookup(name);
  if (spec === undefined) throw new FlagError(`unknown flag: --${name}`);
  if (eq >= 0) into.set(spec, body.slice(eq + 1));
  else if (takesNoValue(spec)) into.set(spec, 'true');
  else if (rest.length > 0) {
    into.set(spec, rest[0] as string);
    return rest.slice(1);
  } else throw new FlagError(`flag needs an argument: ${s}`);
  return rest;
}

/** `-abc`: each letter a flag, until one takes the rest of the word (or the next word) as its value. */
function parseShort(set: FlagSet, s: string, rest: string[], into: FlagValues): string[] {
  let letters = s.slice(1);
  let remaining = rest;
  while (letters.length > 0) {
    const c = letters[0] as string;
    const spec = set.lookupShort(c);
    if (spec === undefined) throw new FlagError(`unknown shorthand flag: '${c}' in -${letters}`);
    if (letters.length > 2 && letters[1] === '=') {
      into.set(spec, letters.slice(2));
      letters = '';
    } else if (takesNoValue(spec)) {
      into.set(spec, 'true');
      letters = letters.slice(1);
    } else if (letters.length > 1) {
      into.set(spec, letters.slice(1));
      letters = '';
    } else if (remaining.length > 0) {
      into.set(spec, remaining[0] as string);
      remaining = remaining.slice(1);
      letters = '';
    } else throw new FlagError(`flag needs an argument: '${c}' in -${letters}`);
  }
  return remaining;
}
