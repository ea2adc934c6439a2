/**
 * The variables a word is expanded against: an ordered list of KEY=VALUE
 * pairs where a later definition of a key replaces the earlier one in place,
 * as BuildKit's llb.EnvList and the image config's Env do.
 */
export interface EnvGetter {
  get(key: string): string | undefined;
  keys(): string[];
}

export class EnvList implements EnvGetter {
  private readonly entries: Array<[string, string]>;

  constructor(entries: ReadonlyArray<readonly [string, string]> = []) {
    this.entries = entries.map(([k, v]) => [k, v]);
  }

  /** From `KEY=VALUE` strings (a string without `=` is a key with an empty value). */
  static fromStrings(env: readonly string[]): EnvList {
    return new EnvList(env.map(splitKeyValue));
  }

  get(key: string): string | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e !== undefined && e[0] === key) return e[1];
    }
    return undefined;
  }

  keys(): string[] {
    return this.entries.map(([k]) => k);
  }

  /** A copy with `key` set: replaced where it was, appended otherwise. */
  with(key: string, value: string): EnvList {
    const next = new EnvList(this.entries);
    const at = next.entries.findIndex(([k]) => k === key);
    if (at >= 0) next.entries[at] = [key, value];
    else next.entries.push([key, value]);
    return next;
  }

  without(key: string): EnvList {
    return new EnvList(this.entries.filter(([k]) => k !== key));
  }

  toStrings(): string[] {
    return this.entries.map(([k, v]) => `${k}=${v}`);
  }

  pairs(): Array<[string, string]> {
    return this.entries.map(([k, v]) => [k, v]);
  }
}

export function splitKeyValue(kv: string): [string, string] {
  const at = kv.indexOf('=');
  return at < 0 ? [kv, ''] : [kv.slice(0, at), kv.slice(at + 1)];
}

/** Looks in `first`, then in `second`: ENV and declared ARGs over the base. */
export function layeredEnv(first: EnvGetter, second: EnvGetter): EnvGetter {
  return {
    get: (k) => first.get(k) ?? second.get(k),
    keys: () => [...new Set([...first.keys(), ...second.keys()])],
  };
}

export const emptyEnv: EnvGetter = { get: () => undefined, keys: () => [] };
