/**
 * `volumes:` short syntax of a service, parsed as compose-go v2.4.8
 * format/volume.go does, quirks included, since `config` prints the result:
 *
 * - `SOURCE:TARGET[:OPTIONS]` split on `:`, except that a single letter
 *   followed by `:` is a Windows drive (`C:\data`, but also `v:/x`, which
 *   becomes an anonymous volume with target `v:/x`);
 * - a spec of one or two bytes is a target alone, with no `volume` block;
 * - a source starting with `.`, `/`, `~`, `\\` or a drive is a bind mount
 *   (which creates the host path), anything else a named volume;
 * - options `ro`, `rw`, `nocopy`, propagation and `z`/`Z`; others are ignored.
 */
import { ComposeError } from '../errors.js';
import { goClean } from './canonical-gopath.js';
import { goPath, goTypeName, modelError, type RuleContext } from './canonical-rules.js';
import type { Mapping } from './tree.js';

const PROPAGATIONS: ReadonlySet<string> = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);
const SELINUX: ReadonlySet<string> = new Set(['z', 'Z']);

interface ParsedVolume {
  type?: 'bind' | 'volume';
  source: string;
  target: string;
  readOnly: boolean;
  bind?: { selinux?: string; propagation?: string; createHostPath?: boolean };
  volume?: { nocopy?: boolean };
}

class VolumeSpecError extends Error {}

const utf8 = new TextEncoder();

/** format.ParseVolume: throws `invalid spec: <spec>: <why>`. */
export function parseVolumeSpec(spec: string): Mapping {
  const byteLength = utf8.encode(spec).length;
  if (byteLength === 0) throw new VolumeSpecError('invalid empty volume spec');
  if (byteLength <= 2) return encode({ type: 'volume', source: '', target: spec, readOnly: false });
  const volume: ParsedVolume = { source: '', target: '', readOnly: false };
  let buffer: string[] = [];
  const chars = [...spec];
  for (let i = 0; i <= chars.length; i++) {
    const ch = chars[i];
    if (ch === ':' && isWindowsDrive(buffer)) {
      buffer.push(ch);
    } else if (ch === ':' || ch === undefined) {
      const why = fillField(buffer.join(''), ch === undefined, volume);
      if (why !== undefined) throw new VolumeSpecError(`invalid spec: ${spec}: ${why}`);
      buffer = [];
    } else {
      buffer.push(ch);
    }
  }
  setType(volume);
  return encode(volume);
}

function isWindowsDrive(buffer: readonly string[]): boolean {
  return buffer.length === 1 && /^\p{L}$/u.test(buffer[0] ?? '');
}

/** Returns why the section is wrong, or undefined. */
function fillField(section: string, atEnd: boolean, volume: ParsedVolume): string | undefined {
  if (section === '') return 'empty section between colons';
  if (volume.source === '' && atEnd) {
    volume.target = section;
  } else if (volume.source === '') {
    volume.source = section;
  } else if (volume.target === '') {
    volume.target = section;
  } else if (!atEnd) {
    return 'too many colons';
  } else {
    for (const option of section.split(',')) applyOption(option, volume);
  }
  return undefined;
}

function applyOption(option: string, volume: ParsedVolume): void {
  if (option === 'ro' || option === 'rw') {
    volume.readOnly = option === 'ro';
  } else if (option === 'nocopy') {
    volume.volume = { nocopy: true };
  } else if (PROPAGATIONS.has(option)) {
    volume.bind = { ...volume.bind, propagation: option };
  } else if (SELINUX.has(option)) {
    volume.bind = { ...volume.bind, selinux: option };
  }
  // compose ignores any other option (e.g. `delegated`, `cached`).
}

function setType(volume: ParsedVolume): void {
  if (isFilePath(volume.source)) {
    volume.type = 'bind';
    // docker-compose v1 created a missing host path for short syntax binds; compose keeps that.
    volume.bind = { ...volume.bind, createHostPath: true };
  } else {
    volume.type = 'volume';
    volume.volume ??= {};
  }
}

function isFilePath(source: string): boolean {
  if (source === '') return false;
  if (/^[./~]/.test(source) || source.startsWith('\\\\')) return true;
  const [first = ''] = source;
  return source.length > first.length && source[first.length] === ':' && /^\p{L}$/u.test(first);
}

/** The long syntax, keys in compose's order, empty fields left out. */
function encode(v: ParsedVolume): Mapping {
  const out: Mapping = {};
  if (v.type !== undefined) out.type = v.type;
  if (v.source !== '') out.source = v.source;
  if (v.target !== '') out.target = v.target;
  if (v.readOnly) out.read_only = true;
  if (v.bind !== undefined) {
    const bind: Mapping = {};
    if (v.bind.selinux !== undefined) bind.selinux = v.bind.selinux;
    if (v.bind.propagation !== undefined) bind.propagation = v.bind.propagation;
    if (v.bind.createHostPath === true) bind.create_host_path = true;
    out.bind = bind;
  }
  if (v.volume !== undefined) out.volume = v.volume.nocopy === true ? { nocopy: true } : {};
  return out;
}

/** transform rule for `services.*.volumes.*`. */
export function transformVolumeMount(value: unknown, ctx: RuleContext, ignoreParseErrors: boolean): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  if (typeof value !== 'string') {
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for service volume mount`, ctx.path);
  }
  let volume: Mapping;
  try {
    volume = parseVolumeSpec(value);
  } catch (e) {
    if (!(e instanceof VolumeSpecError)) throw e;
    if (ignoreParseErrors) return value;
    throw new ComposeError('E_INVALID_VOLUME', e.message, { path: ctx.path.join('.') }, {
      hint: 'use SOURCE:TARGET[:ro|rw|z|Z|nocopy|<propagation>] or the long syntax',
    });
  }
  if (typeof volume.target === 'string') volume.target = goClean(volume.target);
  return volume;
}
