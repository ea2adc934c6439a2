/**
 * Short-to-long transforms of service keys (compose-go v2.4.8 transform/*.go):
 * env_file, depends_on, networks, gpus, extends, secret/config mounts and the
 * string-or-list keys. Each takes the node and its rule context and returns
 * the long form; a wrong type is an error worded as compose words it.
 */
import { goFormatS, goPath, goText, goTypeName, modelError, type RuleContext } from './canonical-rules.js';
import { isMapping, type Mapping } from './tree.js';

function invalidType(ctx: RuleContext, value: unknown, what: string): Error {
  return modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for ${what}`, ctx.path);
}

/** `dns`, `label_file`: a string is a list of one. */
export function transformStringOrList(value: unknown): unknown {
  return typeof value === 'string' ? [value] : value;
}

/** `env_file: a.env` or `[a.env, {path: b.env}]` -> `[{path, required: true}, ...]`. */
export function transformEnvFile(value: unknown, ctx: RuleContext): unknown {
  if (typeof value === 'string') return [envFileEntry(value)];
  if (Array.isArray(value)) return value.map(envFileEntry);
  throw invalidType(ctx, value, 'env_file');
}

function envFileEntry(item: unknown): unknown {
  if (typeof item === 'string') return { path: item, required: true };
  if (isMapping(item)) return 'required' in item ? item : { ...item, required: true };
  // compose-go turns anything else into null.
  return null;
}

/** `depends_on: [db]` -> `{db: {condition: service_started, required: true}}`; long entries get the same defaults. */
export function transformDependsOn(value: unknown, ctx: RuleContext): unknown {
  if (Array.isArray(value)) {
    const out: Mapping = {};
    for (const name of value) out[goText(name)] = { condition: 'service_started', required: true };
    return out;
  }
  if (!isMapping(value)) throw invalidType(ctx, value, 'depend_on');
  const out: Mapping = {};
  for (const [name, dep] of Object.entries(value)) {
    if (!isMapping(dep)) {
      throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}.${name}: unsupported value ${goFormatS(value)}`, [...ctx.path, name]);
    }
    const entry: Mapping = { ...dep };
    if (!('condition' in entry)) entry.condition = 'service_started';
    if (!('required' in entry)) entry.required = true;
    out[name] = entry;
  }
  return out;
}

/** `networks: [front]` -> `{front: null}`. */
export function transformServiceNetworks(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const out: Mapping = {};
  for (const name of value) out[goText(name)] = null;
  return out;
}

/** `gpus: all` -> `[{count: all}]`. */
export function transformGpus(value: unknown, ctx: RuleContext): unknown {
  if (Array.isArray(value)) return ctx.descend(value);
  if (typeof value === 'string') return [{ count: 'all' }];
  throw invalidType(ctx, value, 'gpus');
}

/** `extends: web` -> `{service: web}`. */
export function transformExtends(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value)) return ctx.descend(value);
  if (typeof value === 'string') return { service: value };
  throw invalidType(ctx, value, 'extends');
}

/** `secrets: [token]`, `configs: [cfg]`, `build.secrets: [s]` items -> `{source: token}`. */
export function transformFileMount(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value)) return value;
  if (typeof value === 'string') return { source: value };
  throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: unsupported type ${goTypeName(value)}`, ctx.path);
}

/** `services.*`: only a mapping has anything to transform. */
export function transformService(value: unknown, ctx: RuleContext): unknown {
  return isMapping(value) ? ctx.descend(value) : value;
}
