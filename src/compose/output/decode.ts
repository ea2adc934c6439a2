/**
 * The model map decoded as compose-go decodes it into its Go types, then
 * reduced to what encoding/json (`json`) or yaml.v3 (`yaml`) prints: fields
 * in struct order, zero values omitted by the rules of each encoder, maps
 * sorted, values in Go's printed form.
 */
import { ComposeError, TscomposeError } from '../../errors.js';
import { isMapping, type Mapping } from '../tree.js';
import { formatDuration, GoDecodeError, goInt, parseBytes, parseDuration, shellSplit } from './go-values.js';
import { byteOrder, yamlKeyOrder, type KeyOrder } from './key-order.js';
import { CLEARED, NO_EXTENSIONS, STRUCTS, type FieldSpec } from './structs.js';

/** A float32 (printed with float32 precision), told apart from Go ints. */
export class Float32 {
  constructor(readonly value: number) {}
}

export type GoNode = null | boolean | number | bigint | string | Float32 | GoNode[] | Map<string, GoNode>;
export type Encoder = 'json' | 'yaml';

/** The order each encoder prints a Go map's keys in. */
export const keyOrder = (enc: Encoder): KeyOrder => (enc === 'json' ? byteOrder : yamlKeyOrder);

/** A value absent from the output (omitted by omitempty). */
const OMIT = Symbol('omit');
type Decoded = GoNode | typeof OMIT;

/**
 * Paths here are mapstructure's (`services[web].ports[0]`), as compose-go
 * words its decoding errors; the ComposeError path is the dotted form.
 */
export function decodeStruct(name: string, value: unknown, enc: Encoder, path: string): Map<string, GoNode> {
  const src = isMapping(value) ? value : {};
  const { fields, visit } = fieldsToVisit(name, src, enc);
  const cleared = CLEARED[name]?.(src);
  const out = new Map<string, GoNode>();
  for (const i of visit) {
    const field = fields[i]!;
    const key = field[0];
    if (cleared !== undefined && cleared.includes(key)) continue;
    const node = Object.hasOwn(src, key) && src[key] !== null
      ? finish(field, convert(field[1], src[key], enc, path === '' ? key : `${path}.${key}`), enc)
      : absentField(field, enc);
    if (node !== OMIT) out.set(enc === 'json' ? (field[3] ?? key) : key, node);
  }
  if (enc === 'yaml' && !NO_EXTENSIONS.has(name)) {
    for (const key of Object.keys(src).filter((k) => k.startsWith('x-')).sort(yamlKeyOrder)) out.set(key, anyValue(src[key], enc));
  }
  return out;
}

interface StructLayout {
  readonly fields: readonly FieldSpec[];
  /** Each field's place, by its model key. */
  readonly index: ReadonlyMap<string, number>;
  /** Per encoder, the fields printed even when unset (required, or a struct value), in order. */
  readonly always: Readonly<Record<Encoder, readonly number[]>>;
}

const LAYOUTS = new Map<string, StructLayout>();

function layoutOf(name: string): StructLayout {
  let layout = LAYOUTS.get(name);
  if (layout === undefined) {
    const fields = STRUCTS[name] ?? [];
    const always = (e: Encoder): number[] => fields.flatMap((f, i) => (absentField(f, e) === OMIT ? [] : [i]));
    layout = { fields, index: new Map(fields.map((f, i) => [f[0], i])), always: { json: always('json'), yaml: always('yaml') } };
    LAYOUTS.set(name, layout);
  }
  return layout;
}

/** The places of the fields `src` sets (not null), in struct order, plus `extra` (sorted, no duplicates). */
function setFields(layout: StructLayout, src: Mapping, extra: readonly number[]): number[] {
  const visit = extra.slice();
  for (const key of Object.keys(src)) {
    const i = layout.index.get(key);
    if (i !== undefined && src[key] !== null && !extra.includes(i)) visit.push(i);
  }
  return visit.length === extra.length ? visit : visit.sort((a, b) => a - b);
}

/**
 * The fields worth visiting, in struct order: those `src` sets, and those
 * that print even when unset. Every other field would come out omitted; a
 * service sets a dozen of its ninety-odd fields.
 */
function fieldsToVisit(name: string, src: Mapping, enc: Encoder): { fields: readonly FieldSpec[]; visit: number[] } {
  const layout = layoutOf(name);
  return { fields: layout.fields, visit: setFields(layout, src, layout.always[enc]) };
}

/** Omitted or not: required fields never are, the others when empty (omitempty). */
function finish(field: FieldSpec, node: Decoded, enc: Encoder): Decoded {
  const [, type, flag] = field;
  const required = flag === 'req' || (flag === 'jsonreq' && enc === 'json');
  if (required) return node === OMIT ? null : node;
  if (node === OMIT || isZero(type, node, enc)) return OMIT;
  return node;
}

/**
 * What an unset field prints as depends on the field and the encoder only:
 * computed once each (a struct value, a fresh map every time, excepted).
 */
const ABSENT: Readonly<Record<Encoder, Map<FieldSpec, Decoded>>> = { json: new Map(), yaml: new Map() };

function absentField(field: FieldSpec, enc: Encoder): Decoded {
  const known = ABSENT[enc].get(field);
  if (known !== undefined) return known;
  const node = finish(field, absent(field[1], enc), enc);
  if (!(node instanceof Map)) ABSENT[enc].set(field, node);
  return node;
}

/** What an unset field decodes to: nil for pointers and slices, the zero value otherwise. */
function absent(type: string, enc: Encoder): Decoded {
  if (type.startsWith('S:')) return decodeStruct(type.slice(2), {}, enc, '');
  if (type === 's') return '';
  if (type === 'i' || type === 'count') return 0;
  if (type === 'B') return '0';
  if (type === 'd') return '0s';
  if (type === 'b') return false;
  return OMIT;
}

function isZero(type: string, node: GoNode, enc: Encoder): boolean {
  if (type === 'cmd') return false;
  if (type.startsWith('S:')) return enc === 'yaml' && node instanceof Map && node.size === 0;
  if (type.startsWith('P:') || type === 'pb' || type === 'pi' || type === 'pd') return false;
  if (node instanceof Float32) return node.value === 0;
  if (Array.isArray(node)) return node.length === 0;
  if (node instanceof Map) return node.size === 0;
  return node === '' || node === 0 || node === false || node === '0s' || (type === 'B' && node === '0');
}

type Converter = (value: unknown, enc: Encoder, path: string) => GoNode;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

const CONVERTERS: Readonly<Record<string, Converter>> = {
  s: str,
  i: goInt,
  pi: goInt,
  f: (v) => new Float32(Number(v)),
  b: (v) => v === true || v === 'true',
  pb: (v) => v === true || v === 'true',
  d: (v) => formatDuration(parseDuration(v)),
  pd: (v) => formatDuration(parseDuration(v)),
  B: (v) => String(parseBytes(v)),
  sl: (v) => (Array.isArray(v) ? v.map(str) : [str(v)]),
  cmd: (v) => (Array.isArray(v) ? v.map(str) : shellSplit(str(v))),
  ht: (v) => (Array.isArray(v) ? v.map(str) : ['CMD-SHELL', str(v)]),
  env: (v, enc) => sortedMap(pairs(v, null), (x) => (x === null ? null : str(x)), enc),
  map: (v, enc) => sortedMap(pairs(v, ''), str, enc),
  any: (v, enc) => anyValue(v, enc),
  count: (v) => (v === 'all' ? -1 : goInt(v)),
  hosts: (v) => hostsList(v),
  envfiles: (v, enc) => (Array.isArray(v) ? v : [v]).map((f) => envFile(f, enc)),
  ssh: (v, enc) => sshKeys(v, enc),
  ulimit: (v, enc, p) => ulimit(v, enc, p),
};

/** Converts one set field (`check.ts` runs it for the conversions that can fail). */
export function convert(type: string, value: unknown, enc: Encoder, path: string): Decoded {
  const direct = CONVERTERS[type];
  if (direct !== undefined) {
    try {
      return direct(value, enc, path);
    } catch (err) {
      if (err instanceof GoDecodeError) throw decodeFailure(path, err);
      throw err;
    }
  }
  const [kind, name] = structRef(type);
  if (kind === 'S' || kind === 'P') return decodeStruct(name, value, enc, path);
  if (kind === 'L') return (Array.isArray(value) ? value : []).map((v, i) => decodeStruct(name, v, enc, `${path}[${i}]`));
  const entries = isMapping(value) ? Object.entries(value) : [];
  const element = name === 'Ulimit' ? (v: unknown, p: string): GoNode => ulimit(v, enc, p) : (v: unknown, p: string): GoNode =>
    kind === 'MP' && v === null ? null : decodeStruct(name, v, enc, p);
  const order = keyOrder(enc);
  return new Map(entries.sort(([a], [b]) => order(a, b)).map(([k, v]) => [k, element(v, `${path}[${k}]`)]));
}

const STRUCT_REFS = new Map<string, readonly [kind: string, name: string]>();

/** `L:Port` as its kind and struct name, split once per type. */
export function structRef(type: string): readonly [kind: string, name: string] {
  let ref = STRUCT_REFS.get(type);
  if (ref === undefined) {
    const [kind = '', name = ''] = type.split(':');
    ref = [kind, name];
    STRUCT_REFS.set(type, ref);
  }
  return ref;
}

/** `k=v` lists and mappings alike, as key/value pairs; a bare `k` gets `bare`. */
function pairs(v: unknown, bare: unknown): [string, unknown][] {
  if (isMapping(v)) return Object.entries(v);
  if (!Array.isArray(v)) return [];
  return v.map((item): [string, unknown] => {
    const s = str(item);
    const eq = s.indexOf('=');
    return eq < 0 ? [s, bare] : [s.slice(0, eq), s.slice(eq + 1)];
  });
}

function sortedMap(entries: [string, unknown][], value: (v: unknown) => GoNode, enc: Encoder): Map<string, GoNode> {
  const order = keyOrder(enc);
  return new Map(entries.sort(([a], [b]) => order(a, b)).map(([k, v]) => [k, value(v)]));
}

/**
 * A value compose-go keeps as `any`: maps print sorted, the rest as is. Its
 * tree walks rebuild lists, so an empty one is a nil slice: `null` in JSON.
 */
export function anyValue(v: unknown, enc: Encoder): GoNode {
  if (Array.isArray(v)) return v.length === 0 && enc === 'json' ? null : v.map((item) => anyValue(item, enc));
  if (isMapping(v)) return sortedMap(Object.entries(v), (item) => anyValue(item, enc), enc);
  if (v === undefined) return null;
  return v as GoNode;
}

/** HostsList: `host=ip` or `host:ip` entries (several IPs by commas), or a mapping; printed sorted as `host=ip`. */
function hostsList(v: unknown): string[] {
  const hosts: [string, string[]][] = [];
  if (isMapping(v)) {
    for (const [h, ip] of Object.entries(v)) hosts.push([h, Array.isArray(ip) ? ip.map(str) : [str(ip)]]);
  } else if (Array.isArray(v)) {
    v.map(str).forEach((item, i) => {
      const at = item.includes('=') ? item.indexOf('=') : item.indexOf(':');
      if (at < 0) throw new GoDecodeError(`invalid additional host, missing IP: ${item}`, String(i));
      hosts.push([item.slice(0, at), item.slice(at + 1).split(',')]);
    });
  }
  const list: string[] = [];
  for (const [host, ips] of hosts) {
    if (host === '' || /[:=]/.test(host)) throw new GoDecodeError(`bad host name '${host}'`);
    for (const ip of ips) list.push(`${host}=${ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip}`);
  }
  return list.sort(byteOrder);
}

/** compose-go's decoding error, worded as docker compose prints it. */
function decodeFailure(path: string, err: GoDecodeError): ComposeError {
  const dotted = path.replace(/\[([^\]]*)\]/g, '.$1') + (err.within === undefined ? '' : `.${err.within}`);
  const message = `decoding failed due to the following error(s):\n\nerror decoding '${path}': ${err.message}`;
  return new ComposeError('E_DECODE', message, { path: dotted });
}

function envFile(f: unknown, enc: Encoder): GoNode {
  const m: Mapping = isMapping(f) ? f : { path: str(f), required: true };
  if (m.required !== false) return str(m.path);
  const out = new Map<string, GoNode>();
  if (enc === 'yaml' || str(m.path) !== '') out.set('path', str(m.path));
  out.set('required', false);
  if (enc === 'json' && str(m.format) !== '') out.set('format', str(m.format));
  return out;
}

/**
 * SSHKey prints `id` or `id: path`. Its MarshalJSON writes `"id": path`,
 * which is not JSON, so encoding/json fails on any key with a path.
 */
function sshKeys(v: unknown, enc: Encoder): string[] {
  const entries = isMapping(v) ? Object.entries(v) : pairs(v, '');
  if (enc === 'json' && entries.some(([, p]) => str(p) !== '')) {
    // Printing fails, not loading: docker compose exits 1 with no file to point at.
    const detail = "json: error calling MarshalJSON for type types.SSHKey: invalid character ':' after top-level value";
    throw new TscomposeError('E_MARSHAL', detail);
  }
  return entries.map(([id, p]) => (str(p) === '' ? id : `${id}: ${str(p)}`));
}

/** UlimitsConfig prints as its `single` value unless that is 0 (so `core: 0` prints as soft/hard). */
function ulimit(v: unknown, enc: Encoder, path: string): GoNode {
  const m: Mapping = isMapping(v) ? v : { single: v };
  const single = goInt(m.single ?? 0);
  if (single !== 0 && single !== 0n) return single;
  if (enc === 'json') return decodeStruct('Ulimit', m, enc, path);
  return new Map<string, GoNode>([['soft', goInt(m.soft ?? 0)], ['hard', goInt(m.hard ?? 0)]]);
}
