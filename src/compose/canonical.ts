/**
 * Canonical form (compose-go v2.4.8 transform.Canonical, then loader.OmitEmpty,
 * which always follows it): every short syntax rewritten to its long syntax,
 * so that merging, defaults and printing see one shape per key. Runs after
 * each file is merged in, so every rule also accepts its own output.
 */
import { transformBuild, transformDeviceMapping, transformKeyValue, transformSSH, transformUlimits } from './canonical-build.js';
import { transformInclude, transformMaybeExternal, type Warn } from './canonical-external.js';
import { transformPorts } from './canonical-ports.js';
import { applyRules, ruleTable, type Rule, type RuleTable } from './canonical-rules.js';
import {
  transformDependsOn, transformEnvFile, transformExtends, transformFileMount, transformGpus,
  transformService, transformServiceNetworks, transformStringOrList,
} from './canonical-service.js';
import { transformVolumeMount } from './canonical-volumes.js';
import { isMapping, type Mapping } from './tree.js';

export interface CanonicalOptions {
  /** Where `external.name is deprecated` goes. */
  warn?: Warn;
  /**
   * Keep unparsable port, volume and additional_contexts strings as written
   * (compose does so when interpolation is off, as they may hold `${VAR}`).
   */
  ignoreParseErrors?: boolean;
}

function canonicalRules(warn: Warn, lenient: boolean): RuleTable {
  const entries: Array<[string, Rule]> = [
    ['services.*', transformService],
    ['services.*.build', transformBuild],
    ['services.*.build.secrets.*', transformFileMount],
    ['services.*.build.additional_contexts', (v, c) => transformKeyValue(v, c, lenient)],
    ['services.*.build.ssh', transformSSH],
    ['services.*.build.ulimits.*', transformUlimits],
    ['services.*.depends_on', transformDependsOn],
    ['services.*.env_file', transformEnvFile],
    ['services.*.label_file', transformStringOrList],
    ['services.*.extends', transformExtends],
    ['services.*.gpus', transformGpus],
    ['services.*.networks', transformServiceNetworks],
    ['services.*.volumes.*', (v, c) => transformVolumeMount(v, c, lenient)],
    ['services.*.dns', transformStringOrList],
    ['services.*.devices.*', (v, c) => transformDeviceMapping(v, c, lenient)],
    ['services.*.secrets.*', transformFileMount],
    ['services.*.configs.*', transformFileMount],
    ['services.*.ports', (v, c) => transformPorts(v, c, lenient)],
    ['services.*.ulimits.*', transformUlimits],
    ['volumes.*', (v, c) => transformMaybeExternal(v, c, warn)],
    ['networks.*', (v, c) => transformMaybeExternal(v, c, warn)],
    ['secrets.*', (v, c) => transformMaybeExternal(v, c, warn)],
    ['configs.*', (v, c) => transformMaybeExternal(v, c, warn)],
    ['include.*', transformInclude],
  ];
  return ruleTable(entries);
}

/** Returns the canonical model; the input is not modified. Throws ComposeError on a malformed short syntax. */
export function canonicalize(model: Mapping, opts: CanonicalOptions = {}): Mapping {
  const table = canonicalRules(opts.warn ?? (() => {}), opts.ignoreParseErrors ?? false);
  return omitEmpty(applyRules(model, table) as Mapping);
}

/** loader.OmitEmpty: empty and null `dns` entries mean nothing; compose drops them. */
function omitEmpty(model: Mapping): Mapping {
  if (!isMapping(model.services)) return model;
  let services: Mapping | undefined;
  for (const [name, svc] of Object.entries(model.services)) {
    if (!isMapping(svc) || !Array.isArray(svc.dns)) continue;
    const dns = svc.dns.filter((d) => d !== null && d !== '');
    if (dns.length === svc.dns.length) continue;
    services ??= { ...model.services };
    services[name] = { ...svc, dns };
  }
  return services === undefined ? model : { ...model, services };
}
