/**
 * compose-go decodes the whole model into its Go types while loading, and
 * fails there on what does not decode: a bad duration, size, extra host or
 * command line. checkStruct finds the same first error as decodeStruct would
 * (fields in struct order, maps in yaml.v3's key order) but runs only the
 * conversions that can fail and builds nothing: on a valid model, which is
 * the common case, it was as costly as printing the project.
 * check.test.ts holds it to decodeStruct on random models.
 */
import { isMapping, type Mapping } from '../tree.js';
import { convert, structRef } from './decode.js';
import { yamlKeyOrder } from './key-order.js';
import { CLEARED, STRUCTS, type FieldSpec } from './structs.js';

/** The field types whose conversion can throw (see CONVERTERS in decode.ts); ssh fails only when printing JSON. */
const MAY_FAIL: ReadonlySet<string> = new Set(['d', 'pd', 'B', 'cmd', 'hosts']);

const INDEXES = new Map<string, ReadonlyMap<string, number>>();

function indexOf(name: string): ReadonlyMap<string, number> {
  let index = INDEXES.get(name);
  if (index === undefined) {
    index = new Map((STRUCTS[name] ?? []).map((f, i) => [f[0], i]));
    INDEXES.set(name, index);
  }
  return index;
}

/** Throws what decodeStruct(name, value, 'yaml', path) would throw first, if anything. */
export function checkStruct(name: string, value: unknown, path: string): void {
  if (!isMapping(value)) return;
  const fields: readonly FieldSpec[] = STRUCTS[name] ?? [];
  const index = indexOf(name);
  const set: number[] = [];
  for (const key of Object.keys(value)) {
    const i = index.get(key);
    if (i !== undefined && value[key] !== null) set.push(i);
  }
  const cleared = CLEARED[name]?.(value);
  for (const i of set.sort((a, b) => a - b)) {
    const [key, type] = fields[i]!;
    if (cleared === undefined || !cleared.includes(key)) checkField(type, value[key], path === '' ? key : `${path}.${key}`);
  }
}

function checkField(type: string, value: unknown, path: string): void {
  if (MAY_FAIL.has(type)) {
    convert(type, value, 'yaml', path);
    return;
  }
  const [kind, name] = structRef(type);
  if (kind === 'S' || kind === 'P') checkStruct(name, value, path);
  else if (kind === 'L') (Array.isArray(value) ? value : []).forEach((v, i) => checkStruct(name, v, `${path}[${i}]`));
  // A ulimit's conversion cannot fail.
  else if ((kind === 'M' || kind === 'MP') && name !== 'Ulimit' && isMapping(value)) checkMap(kind, name, value, path);
}

function checkMap(kind: string, name: string, value: Mapping, path: string): void {
  for (const [k, v] of Object.entries(value).sort(([a], [b]) => yamlKeyOrder(a, b))) {
    if (kind !== 'MP' || v !== null) checkStruct(name, v, `${path}[${k}]`);
  }
}
