/**
 * An instruction's `--flag` words (BuildKit instructions/bflag.go): each
 * instruction declares the flags it knows, then the words are checked
 * against them with BuildKit's messages.
 */
import { DockerfileError } from '../errors.js';
import { suggest } from './suggest.js';

type FlagType = 'bool' | 'string' | 'strings';

interface Flag {
  type: FlagType;
  value: string;
  values: string[];
}

export class Flags {
  private readonly known = new Map<string, Flag>();
  readonly used = new Set<string>();

  constructor(private readonly words: readonly string[]) {}

  bool(name: string, def = false): { value: () => boolean; set: () => boolean } {
    const f = this.add(name, 'bool', def ? 'true' : 'false');
    return { value: () => f.value === 'true', set: () => this.used.has(name) };
  }

  string(name: string, def = ''): () => string {
    const f = this.add(name, 'string', def);
    return () => f.value;
  }

  strings(name: string): () => string[] {
    const f = this.add(name, 'strings', '');
    return () => f.values;
  }

  private add(name: string, type: FlagType, value: string): Flag {
    const f: Flag = { type, value, values: [] };
    this.known.set(name, f);
    return f;
  }

  /** Checks every word; throws the first problem. */
  parse(): void {
    for (const word of this.words) {
      if (word === '--') return;
      if (!word.startsWith('--')) fail(`arg should start with -- : ${word}`);
      const eq = word.indexOf('=');
      const flagName = eq < 0 ? word : word.slice(0, eq);
      const value = eq < 0 ? '' : word.slice(eq + 1);
      const name = flagName.slice(2);
      const flag = this.known.get(name);
      if (flag === undefined) fail(`unknown flag: ${flagName}${suggest(name, [...this.known.keys()], true)}`);
      if (this.used.has(name) && flag.type !== 'strings') fail(`duplicate flag specified: ${flagName}`);
      this.used.add(name);
      setValue(flag, flagName, value, eq >= 0);
    }
  }
}

function setValue(flag: Flag, flagName: string, value: string, hasValue: boolean): void {
  if (flag.type === 'bool') {
    if (hasValue && value === '') fail(`missing a value on flag: ${flagName}`);
    const v = value.toLowerCase();
    if (v === 'true' || v === '') flag.value = 'true';
    else if (v === 'false') flag.value = 'false';
    else fail(`expecting boolean value for flag ${flagName}, not: ${value}`);
    return;
  }
  if (!hasValue) fail(`missing a value on flag: ${flagName}`);
  if (flag.type === 'string') flag.value = value;
  else flag.values.push(value);
}

function fail(message: string): never {
  throw new DockerfileError(message, undefined, undefined);
}
