/**
 * Default values compose-go v2.4.8 fills in once all files are merged
 * (transform.SetDefaultValues): build context `.`, secret mount targets,
 * port protocol and mode, and `count: all` for device requests that name
 * neither a count nor device ids.
 */
import { applyRules, goFormatS, goPath, goTypeName, modelError, ruleTable, type RuleContext } from './canonical-rules.js';
import { isMapping, type Mapping } from './tree.js';

function withDefaults(value: Mapping, defaults: Mapping): Mapping {
  const out: Mapping = { ...value };
  for (const [key, v] of Object.entries(defaults)) if (!(key in out)) out[key] = v;
  return out;
}

function buildContext(value: unknown): unknown {
  return isMapping(value) ? withDefaults(value, { context: '.' }) : value;
}

function secretTarget(value: unknown, ctx: RuleContext): unknown {
  if (!isMapping(value)) {
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: unsupported type ${goTypeName(value)}`, ctx.path);
  }
  return withDefaults(value, { target: `/run/secrets/${goFormatS(value.source)}` });
}

function portDefaults(value: unknown): unknown {
  return isMapping(value) ? withDefaults(value, { protocol: 'tcp', mode: 'ingress' }) : value;
}

function deviceRequest(value: unknown, ctx: RuleContext): unknown {
  if (!isMapping(value)) {
    // compose-go reports the type it wanted, not the one it got.
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type map[string]interface {} for device request`, ctx.path);
  }
  if ('count' in value || 'device_ids' in value) return value;
  return { ...value, count: 'all' };
}

const DEFAULTS = ruleTable([
  ['services.*.build', buildContext],
  ['services.*.secrets.*', secretTarget],
  ['services.*.ports.*', portDefaults],
  ['services.*.deploy.resources.reservations.devices.*', deviceRequest],
  ['services.*.gpus.*', deviceRequest],
]);

/** Returns the model with defaults set; the input is not modified. */
export function setDefaultValues(model: Mapping): Mapping {
  return applyRules(model, DEFAULTS) as Mapping;
}
