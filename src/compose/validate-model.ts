/**
 * Checks the JSON schema cannot express (compose-go v2.4.8 validation
 * package): exclusive attributes of secrets, configs and device requests,
 * external volumes that also configure themselves, blank watch paths.
 */
import { applyRules, goFormatS, goPath, modelError, ruleTable, type RuleContext } from './canonical-rules.js';
import { goQuote } from './go-format.js';
import { isMapping, type Mapping } from './tree.js';

function checkVolume(value: unknown, ctx: RuleContext): unknown {
  if (value === null || value === undefined) return value;
  if (!isMapping(value)) throw modelError('E_INVALID_TYPE', `expected volume, got ${goFormatS(value)}`, ctx.path);
  if (value.external !== true) return value;
  for (const key of Object.keys(value)) {
    if (key === 'name' || key === 'external' || key === '#extensions' || key.startsWith('x-')) continue;
    throw modelError(
      'E_EXTERNAL_CONFLICT',
      `${goPath(ctx.path)}: conflicting parameters "external" and ${goQuote(key)} specified`,
      [...ctx.path, key],
      'an external volume is created outside compose: keep only name and external',
    );
  }
  return value;
}

function checkFileObject(...keys: string[]) {
  const list = keys.join('|');
  return (value: unknown, ctx: RuleContext): unknown => {
    if (!isMapping(value)) return value;
    const count = keys.filter((k) => k in value).length;
    if (count > 1) {
      throw modelError('E_MUTUALLY_EXCLUSIVE', `${goPath(ctx.path)}: ${list} attributes are mutually exclusive`, ctx.path);
    }
    // A custom driver may bring the content its own way.
    if (count === 0 && !('driver' in value) && !('external' in value)) {
      throw modelError('E_MISSING_ATTRIBUTE', `${goPath(ctx.path)}: one of ${list} must be set`, ctx.path);
    }
    return value;
  };
}

function checkPath(value: unknown, ctx: RuleContext): unknown {
  if (value === '') throw modelError('E_BLANK_VALUE', `${goPath(ctx.path)}: value can't be blank`, ctx.path);
  return value;
}

function checkDeviceRequest(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value) && 'count' in value && 'device_ids' in value) {
    throw modelError('E_MUTUALLY_EXCLUSIVE', `${goPath(ctx.path)}: "count" and "device_ids" attributes are exclusive`, ctx.path);
  }
  return value;
}

const CHECKS = ruleTable([
  ['volumes.*', checkVolume],
  ['configs.*', checkFileObject('file', 'environment', 'content')],
  ['secrets.*', checkFileObject('file', 'environment')],
  ['services.*.develop.watch.*.path', checkPath],
  ['services.*.deploy.resources.reservations.devices.*', checkDeviceRequest],
  ['services.*.gpus.*', checkDeviceRequest],
]);

/** Throws the first problem found, as a ComposeError with compose's message. */
export function validateModel(model: Mapping): void {
  applyRules(model, CHECKS);
}
