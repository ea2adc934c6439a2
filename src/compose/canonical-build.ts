/**
 * Short-to-long transforms for build and host-resource keys (compose-go
 * v2.4.8 transform/build.go, ssh.go, mapping.go, ulimits.go, device.go).
 */
import { ComposeError } from '../errors.js';
import { goPath, goText, goTypeName, modelError, type RuleContext } from './canonical-rules.js';
import { goQuote } from './go-format.js';
import { isMapping, type Mapping } from './tree.js';

/** `build: ./dir` -> `{context: ./dir}`; a mapping goes on to its own rules (ssh, secrets, ulimits...). */
export function transformBuild(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value)) return ctx.descend(value);
  if (typeof value === 'string') return { context: value };
  throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for build`, ctx.path);
}

/** `ssh: [default, key=~/.ssh/id]` -> `{default: null, key: ~/.ssh/id}`. */
export function transformSSH(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value)) return value;
  if (!Array.isArray(value)) {
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for ssh`, ctx.path);
  }
  const out: Mapping = {};
  for (const [i, item] of value.entries()) {
    if (typeof item !== 'string') {
      throw modelError('E_INVALID_SSH', `invalid ssh key type ${goTypeName(item)}`, [...ctx.path, i]);
    }
    const eq = item.indexOf('=');
    if (eq >= 0) {
      out[item.slice(0, eq)] = item.slice(eq + 1);
    } else if (item === 'default') {
      out[item] = null;
    } else {
      throw modelError('E_INVALID_SSH', `invalid ssh key ${goQuote(item)}`, [...ctx.path, i], 'use "default" or ID=PATH');
    }
  }
  return out;
}

/** `additional_contexts: [name=path]` -> `{name: path}`. */
export function transformKeyValue(value: unknown, ctx: RuleContext, ignoreParseErrors: boolean): unknown {
  if (isMapping(value)) return value;
  if (!Array.isArray(value)) {
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)}`, ctx.path);
  }
  const out: Mapping = {};
  for (const [i, item] of value.entries()) {
    const text = goText(item);
    const eq = typeof item === 'string' ? text.indexOf('=') : -1;
    if (eq < 0) {
      if (ignoreParseErrors) return value;
      throw modelError('E_INVALID_VALUE', `${goPath(ctx.path)}: invalid value ${text}, expected key=value`, [...ctx.path, i]);
    }
    out[text.slice(0, eq)] = text.slice(eq + 1);
  }
  return out;
}

/**
 * `ulimits.<name>`: an int (soft = hard) or `{soft, hard}`, both kept as
 * written; the int form prints as an int. compose's message says "external".
 */
export function transformUlimits(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value) || (typeof value === 'number' && Number.isInteger(value))) return value;
  throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for external`, ctx.path);
}

/** `devices: [/dev/sda:/dev/xvda:rwm]` items -> `{source, target, permissions}`. */
export function transformDeviceMapping(value: unknown, ctx: RuleContext, ignoreParseErrors: boolean): unknown {
  if (isMapping(value)) return value;
  if (typeof value !== 'string') {
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for service volume mount`, ctx.path);
  }
  const parts = value.split(':');
  if (parts.length > 3 && !ignoreParseErrors) {
    throw new ComposeError('E_INVALID_DEVICE', `confusing device mapping, please use long syntax: ${value}`, {
      path: ctx.path.join('.'),
    }, { hint: 'write it as {source: ..., target: ..., permissions: ...}' });
  }
  const [source = '', target = '', permissions = 'rwm'] = parts.length > 3 ? [] : parts;
  return { source, target: target === '' ? source : target, permissions };
}
