/**
 * compose-go v2.4.8 override.EnforceUnicity: after a merge appended an
 * override's list to the base's, an entry that redefines an earlier one
 * (same identity, see unicity-keys.ts) takes the earlier one's place and
 * the duplicate goes. Only the lists below are concerned, and only where
 * every step down to them is a mapping (a list's items are not searched).
 */
import { setKey } from './merge-convert.js';
import { matchAt, patternTrie, reachesBelow, stepTrie, type TrieStates } from './path-trie.js';
import {
  deviceMapping, envFile, expose, keyValue, mount, port, volume, type EntryPath, type Indexer,
} from './unicity-keys.js';
import { isMapping, type Mapping } from './tree.js';

const UNIQUE: ReadonlyArray<readonly [pattern: string, indexer: Indexer]> = [
  ['networks.*.labels', keyValue],
  ['networks.*.ipam.options', keyValue],
  ['services.*.annotations', keyValue],
  ['services.*.build.args', keyValue],
  ['services.*.build.additional_contexts', keyValue],
  ['services.*.build.platform', keyValue],
  ['services.*.build.tags', keyValue],
  ['services.*.build.labels', keyValue],
  ['services.*.cap_add', keyValue],
  ['services.*.cap_drop', keyValue],
  // compose-go registers devices twice; the device indexer, registered last, is the one used.
  ['services.*.devices', deviceMapping],
  ['services.*.configs', mount('')],
  ['services.*.deploy.labels', keyValue],
  ['services.*.dns', keyValue],
  ['services.*.dns_opt', keyValue],
  ['services.*.dns_search', keyValue],
  ['services.*.environment', keyValue],
  ['services.*.env_file', envFile],
  ['services.*.expose', expose],
  ['services.*.labels', keyValue],
  ['services.*.links', keyValue],
  ['services.*.networks.*.aliases', keyValue],
  ['services.*.networks.*.link_local_ips', keyValue],
  ['services.*.ports', port],
  ['services.*.profiles', keyValue],
  ['services.*.secrets', mount('/run/secrets')],
  ['services.*.sysctls', keyValue],
  ['services.*.tmpfs', keyValue],
  ['services.*.volumes', volume],
];

const TRIE = patternTrie(UNIQUE);

/** Returns `model` with redefined list entries removed; the input is not modified (untouched subtrees are shared). */
export function enforceUnicity(model: Mapping): Mapping {
  const out: Mapping = {};
  for (const [key, value] of Object.entries(model)) {
    // compose-go's path for a top-level key is split at its dots, as its Path.Next does.
    const goPath = key.split('.');
    let states: TrieStates<Indexer> = [TRIE];
    for (const part of goPath) states = stepTrie(states, part);
    setKey(out, key, states.length === 0 ? value : uniqueValue(value, states, goPath, [key]));
  }
  return out;
}

/**
 * `goPath` is compose-go's path (used in messages), `path` the real keys,
 * `states` the trie nodes goPath reaches.
 */
function uniqueValue(value: unknown, states: TrieStates<Indexer>, goPath: readonly string[], path: readonly string[]): unknown {
  if (isMapping(value)) {
    if (!reachesBelow(states)) return value;
    const out: Mapping = {};
    for (const [key, child] of Object.entries(value)) {
      const next = stepTrie(states, key);
      setKey(out, key, next.length === 0 ? child : uniqueValue(child, next, [...goPath, key], [...path, key]));
    }
    return out;
  }
  if (!Array.isArray(value)) return value;
  const indexer = matchAt(states);
  return indexer === undefined ? value : dedupe(value, indexer, goPath, path);
}

/** An entry's paths, spelled out only for an error message. */
class LazyEntryPath implements EntryPath {
  constructor(private readonly goPath: readonly string[], private readonly path: readonly string[], private readonly i: number) {}
  get go(): string {
    return [...this.goPath, `[${this.i}]`].join('.');
  }
  get dotted(): string {
    return [...this.path, this.i].join('.');
  }
}

function dedupe(list: readonly unknown[], indexer: Indexer, goPath: readonly string[], path: readonly string[]): unknown[] {
  const seq: unknown[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const key = indexer(entry, new LazyEntryPath(goPath, path, i));
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, seq.length);
      seq.push(entry);
    } else {
      seq[at] = entry;
    }
  });
  return seq;
}
