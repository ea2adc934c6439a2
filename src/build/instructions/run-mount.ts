/**
 * `RUN --mount=type=cache,target=/root/.npm` specs (BuildKit
 * instructions/commands_runmount.go): comma-separated, CSV-quoted fields.
 * Parsed once without an expander (only checking what cannot hold variables)
 * and once with it, when the values are known.
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';
import { ramInBytes } from '../units.js';
import { suggest } from './suggest.js';
import type { MountType, RunMount } from './types.js';

const TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING = ['shared', 'private', 'locked'] as const;
const KEYS = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];

function fail(message: string): never {
  throw new DockerfileError(message, undefined, undefined);
}

/** encoding/csv fields of one record: commas split, `"..."` quotes with `""` for a quote. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) fail(`failed to parse csv mounts: extraneous or missing " in quoted-field`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += line[i];
        i++;
      }
      if (i < line.length && line[i] !== ',') fail(`failed to parse csv mounts: extraneous or missing " in quoted-field`);
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end);
      if (field.includes('"')) fail(`failed to parse csv mounts: bare " in non-quoted-field`);
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}

export function parseRunMount(spec: string, expand: ((word: string) => string) | undefined): RunMount {
  const m: RunMount = { type: 'bind', from: '', source: '', target: '', readOnly: false, sizeLimit: 0, cacheId: '', sharing: '', required: false };
  let roAuto = true;
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (expand === undefined) continue;
      roAuto = applyBareKey(m, key, field) ?? roAuto;
      continue;
    }
    let value = field.slice(eq + 1);
    if (expand !== undefined) value = expand(value);
    else if (key === 'from') {
      const d = value.indexOf('$');
      if (d !== -1 && d !== value.length - 1) fail(`'${key}' doesn't support variable expansion, define alias stage instead`);
      continue;
    } else continue;
    if (applyKey(m, key, value, field)) roAuto = false;
  }
  return finish(m, roAuto);
}

/** readonly/rw/required written without a value; returns the new roAuto when it changes. */
function applyBareKey(m: RunMount, key: string, field: string): boolean | undefined {
  if (key === 'readonly' || key === 'ro') { m.readOnly = true; return false; }
  if (key === 'readwrite' || key === 'rw') { m.readOnly = false; return false; }
  if (key === 'required') {
    if (m.type !== 'secret' && m.type !== 'ssh') fail(`unexpected key '${key}' for mount type '${m.type}'`);
    m.required = true;
    return undefined;
  }
  return fail(`invalid field '${field}' must be a key=value pair`);
}

function parseBool(key: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return fail(`invalid value for ${key}: ${value}`);
}

function parseUint(value: string, radix: 8 | 10, what: string): number {
  const re = radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  const n = parseInt(value, radix);
  if (!re.test(value) || n > 0xffffffff) fail(`invalid value ${value} for ${what}`);
  return n;
}

/** Applies one key=value; true when it set the read-only mode explicitly. */
function applyKey(m: RunMount, key: string, value: string, field: string): boolean {
  switch (key) {
    case 'type': {
      const t = value.toLowerCase() as MountType;
      if (!TYPES.includes(t)) fail(`unsupported mount type ${goQuote(value)}${suggest(value, TYPES, true)}`);
      m.type = t;
      return false;
    }
    case 'from': m.from = value; return false;
    case 'source': case 'src': m.source = value; return false;
    case 'target': case 'dst': case 'destination': m.target = value; return false;
    case 'readonly': case 'ro': m.readOnly = parseBool(key, value); return true;
    case 'readwrite': case 'rw': m.readOnly = !parseBool(key, value); return true;
    case 'required':
      if (m.type !== 'secret' && m.type !== 'ssh') fail(`unexpected key '${key}' for mount type '${m.type}'`);
      m.required = parseBool(key, value);
      return false;
    case 'size': {
      if (m.type !== 'tmpfs') fail(`unexpected key '${key}' for mount type '${m.type}'`);
      const n = ramInBytes(value);
      if (n === undefined) fail(`invalid value for ${key}: ${value}`);
      m.sizeLimit = n;
      return false;
    }
    case 'id': m.cacheId = value; return false;
    case 'sharing': {
      const s = value.toLowerCase() as RunMount['sharing'];
      if (!(SHARING as readonly string[]).includes(s)) fail(`unsupported sharing value ${goQuote(value)}${suggest(value, SHARING, true)}`);
      m.sharing = s;
      return false;
    }
    case 'mode': m.mode = parseUint(value, 8, 'mode'); return false;
    case 'uid': m.uid = parseUint(value, 10, 'uid'); return false;
    case 'gid': m.gid = parseUint(value, 10, 'gid'); return false;
    case 'env': m.env = value; return false;
    default:
      return fail(`unexpected key '${key}' in '${field}'${suggest(key, KEYS, true)}`);
  }
}

function finish(m: RunMount, roAuto: boolean): RunMount {
  const fileInfo = m.type === 'secret' || m.type === 'ssh' || m.type === 'cache';
  if (!fileInfo) {
    for (const k of ['mode', 'uid', 'gid'] as const) if (m[k] !== undefined) fail(`${k} not allowed for "${m.type}" type mounts`);
  }
  if (roAuto) m.readOnly = !(m.type === 'cache' || m.type === 'tmpfs');
  if (m.type === 'secret') {
    if (m.from !== '') fail('secret mount should not have a from');
    if (m.sharing !== '') fail('secret mount should not define sharing');
    if (m.source === '' && m.target === '' && m.cacheId === '') fail('invalid secret mount. one of source, target required');
    if (m.source !== '' && m.cacheId !== '') fail("both source and id can't be set");
  }
  if (m.sharing !== '' && m.type !== 'cache') fail(`invalid cache sharing set for ${m.type} mount`);
  return m;
}

/** The `from=` of a mount spec, read without checking the rest (which may hold variables). */
export function mountFrom(spec: string): string {
  let from = '';
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    if (eq > 0 && field.slice(0, eq).toLowerCase() === 'from') from = field.slice(eq + 1);
  }
  return from;
}
