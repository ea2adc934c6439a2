/**
 * The identity of a list entry, per key, as compose-go v2.4.8 computes it
 * (override/uncity.go indexers): two entries with the same identity are the
 * same item declared twice. Entries may be short or long syntax, since the
 * pass runs on raw merged trees; the key texts follow Go's formatting, so a
 * port whose `published` is the number 80 is not the one whose `published`
 * is the string "80" (the binary keeps both).
 */
import { ComposeError } from '../errors.js';
import { goFormatS, goTypeName } from './canonical-rules.js';
import { parseVolumeSpec } from './canonical-volumes.js';
import { goSprint } from './go-format.js';
import { isMapping } from './tree.js';

/** Where the entry sits: `go` as compose prints it (`services.web.ports.[0]`), `dotted` as our errors carry it. */
export interface EntryPath {
  go: string;
  dotted: string;
}

export type Indexer = (entry: unknown, at: EntryPath) => string;

function fail(code: string, message: string, at: EntryPath): never {
  throw new ComposeError(code, message, { path: at.dotted });
}

/** Go's `%s` of a value standing alone (a nil there prints `%!s(<nil>)`, unlike inside a map). */
function formatS(value: unknown): string {
  return value === null || value === undefined ? '%!s(<nil>)' : goFormatS(value);
}

/** Go's `%d`. */
function formatD(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return goSprint(value);
  if (value === null || value === undefined) return '%!d(<nil>)';
  return `%!d(${goTypeName(value)}=${goFormatS(value)})`;
}

/** `KEY=VALUE` and `KEY` are both KEY. */
export const keyValue: Indexer = (entry, at) => {
  if (typeof entry !== 'string') fail('E_INVALID_TYPE', `${at.go}: unexpected type ${goTypeName(entry)}`, at);
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
};

/** A volume is its target; other kinds of entry all share the empty key. */
export const volume: Indexer = (entry, at) => {
  if (isMapping(entry)) {
    if (typeof entry.target !== 'string') fail('E_MISSING_ATTRIBUTE', `service volume ${at.go} is missing a mount target`, at);
    return entry.target;
  }
  if (typeof entry !== 'string') return '';
  try {
    const parsed = parseVolumeSpec(entry);
    return typeof parsed.target === 'string' ? parsed.target : '';
  } catch (err) {
    if (err instanceof ComposeError) throw err;
    return fail('E_INVALID_VOLUME', err instanceof Error ? err.message : String(err), at);
  }
};

/** `SOURCE[:TARGET[:PERMISSIONS]]` is TARGET, or SOURCE when alone. */
export const deviceMapping: Indexer = (entry, at) => {
  if (isMapping(entry)) {
    if (typeof entry.target !== 'string') fail('E_MISSING_ATTRIBUTE', `service device ${at.go} is missing a mount target`, at);
    return entry.target;
  }
  if (typeof entry !== 'string') return '';
  const parts = entry.split(':');
  return (parts.length === 1 ? parts[0] : parts[1]) ?? '';
};

export const expose: Indexer = (entry, at) => {
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'number' && Number.isInteger(entry)) return goSprint(entry);
  return fail('E_INVALID_TYPE', `${at.go}: unsupported expose value ${formatS(entry)}`, at);
};

/** A secret or config is its target, `<dir>/<source>` by default. compose reuses expose's message for bad entries. */
export function mount(defaultDir: string): Indexer {
  return (entry, at) => {
    if (typeof entry === 'string') return `${defaultDir}/${entry}`;
    if (!isMapping(entry)) return fail('E_INVALID_TYPE', `${at.go}: unsupported expose value ${formatS(entry)}`, at);
    if (!Object.hasOwn(entry, 'target')) return `${defaultDir}/${formatS(entry.source)}`;
    if (typeof entry.target !== 'string') fail('E_INVALID_TYPE', `${at.go}.target must be a string`, at);
    return entry.target;
  };
}

/** A long-syntax port is `host_ip:published:target/protocol`; a short one is its own text. */
export const port: Indexer = (entry, at) => {
  if (typeof entry === 'number') return Number.isInteger(entry) ? goSprint(entry) : '';
  if (typeof entry === 'string') return entry;
  if (!isMapping(entry)) return '';
  if (!Object.hasOwn(entry, 'target')) fail('E_MISSING_ATTRIBUTE', `service ports ${at.go} is missing a target port`, at);
  const host = Object.hasOwn(entry, 'host_ip') ? formatS(entry.host_ip) : '0.0.0.0';
  const protocol = Object.hasOwn(entry, 'protocol') ? formatS(entry.protocol) : 'tcp';
  return `${host}:${formatS(entry.published)}:${formatD(entry.target)}/${protocol}`;
};

export const envFile: Indexer = (entry, at) => {
  if (typeof entry === 'string') return entry;
  if (!isMapping(entry)) return '';
  if (!Object.hasOwn(entry, 'path')) fail('E_MISSING_ATTRIBUTE', `environment path attribute ${at.go} is missing`, at);
  if (typeof entry.path !== 'string') fail('E_INVALID_TYPE', `${at.go}.path must be a string`, at);
  return entry.path;
};
