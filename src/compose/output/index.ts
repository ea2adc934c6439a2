/**
 * What `docker compose config` prints: the project decoded into compose-go
 * v2.4.8's Go types, then printed by encoding/json or yaml.v3. The service
 * hash of `config --hash` is hash.ts, apart so that printing does not load
 * node:crypto (5 ms of every start).
 */
import type { Mapping } from '../tree.js';
import { checkStruct } from './check.js';
import { anyValue, decodeStruct, keyOrder, type Encoder, type GoNode } from './decode.js';
import { byteOrder } from './key-order.js';
import { toGoJson } from './json.js';
import { toGoYaml } from './yaml.js';

export type OutputFormat = Encoder;

/** `docker compose config [--format json]`, before its `$` escaping. */
export function renderProject(model: Mapping, format: OutputFormat): string {
  const project = decodeStruct('Project', model, format, '');
  const extensions = Object.keys(model).filter((k) => k.startsWith('x-')).sort(keyOrder(format));
  if (format === 'yaml') {
    for (const key of extensions) project.set(key, anyValue(model[key], format));
    return toGoYaml(project);
  }
  // Project.MarshalJSON builds a map: keys come out sorted, `name` always there.
  const top = new Map<string, GoNode>([['name', typeof model.name === 'string' ? model.name : '']]);
  for (const [k, v] of project) top.set(k, v);
  for (const key of extensions) top.set(key, anyValue(model[key], format));
  return toGoJson(new Map([...top].sort(([a], [b]) => byteOrder(a, b))), true);
}

/** `config --no-interpolate`: the raw model map, keys sorted. */
export function renderModel(model: Mapping, format: OutputFormat): string {
  const node = anyValue(model, format);
  return format === 'json' ? toGoJson(node, true) : toGoYaml(node);
}

/**
 * compose-go's decoding of the model into its Go types, for its errors
 * only (bad durations, sizes, extra_hosts...): the loader runs it where it
 * can add file:line:col, as docker compose fails at load time.
 */
export function checkDecodable(model: Mapping): void {
  // As YAML: JSON's own marshalling failures (SSH keys with paths) belong to printing.
  checkStruct('Project', model, '');
}
