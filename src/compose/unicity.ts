/**
 * compose-go v2.4.8 override.EnforceUnicity: after a merge appended an
 * override's list to the base's, an entry that redefines an earlier one
 * (same identity, see unicity-keys.ts) takes the earlier one's place and
 * the duplicate goes. Only the lists below are concerned, and only where
 * every step down to them is a mapping (a list's items are not searched).
 */
import { setKey } from './merge-convert.js';
import { matches } from './merge.js';
import {
  deviceMapping, envFile, expose, keyValue, mount, port, volume, type Indexer,
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

const TABLE: ReadonlyArray<readonly [string[], Indexer]> = UNIQUE.map(([pattern, indexer]) => [pattern.split('.'), indexer]);

/** Returns `model` with redefined list entries removed; the input is not modified. */
export function enforceUnicity(model: Mapping): Mapping {
  return uniqueMapping(model, [], []);
}

/**
 * `goPath` is compose-go's path (used to pick the rule; a top-level key's
 * dots split it, as compose-go's Path.Next does), `path` the real keys.
 */
function uniqueMapping(mapping: Mapping, goPath: readonly string[], path: readonly string[]): Mapping {
  const out: Mapping = {};
  for (const [key, value] of Object.entries(mapping)) {
    const nextGo = goPath.length === 0 ? key.split('.') : [...goPath, key];
    setKey(out, key, uniqueValue(value, nextGo, [...path, key]));
  }
  return out;
}

function uniqueValue(value: unknown, goPath: readonly string[], path: readonly string[]): unknown {
  if (isMapping(value)) return uniqueMapping(value, goPath, path);
  if (!Array.isArray(value)) return value;
  const indexer = TABLE.find(([parts]) => matches(goPath, parts))?.[1];
  return indexer === undefined ? value : dedupe(value, indexer, goPath, path);
}

function dedupe(list: readonly unknown[], indexer: Indexer, goPath: readonly string[], path: readonly string[]): unknown[] {
  const seq: unknown[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const key = indexer(entry, { go: [...goPath, `[${i}]`].join('.'), dotted: [...path, i].join('.') });
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
