/**
 * cap_add / cap_drop / privileged, as Docker resolves them (moby
 * oci/caps TweakCapabilities): names are case-insensitive with or without
 * the CAP_ prefix, `ALL` in cap_add starts from every capability, `ALL` in
 * cap_drop keeps only what cap_add lists.
 */
import { InvalidContainerConfigError } from '../errors.js';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES } from './defaults.js';

export interface CapabilityRequest {
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  privileged?: boolean;
}

function normalize(list: readonly string[], key: string): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const upper = raw.trim().toUpperCase();
    const name = upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (name !== 'ALL' && !ALL_CAPABILITIES.includes(name)) throw new InvalidContainerConfigError(key, `unknown capability: "${raw}"`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** The container's capability set, before it is fitted to what the host can grant. */
export function resolveCapabilities(req: CapabilityRequest): string[] {
  if (req.privileged === true) return [...ALL_CAPABILITIES];
  const add = normalize(req.capAdd ?? [], 'cap_add');
  const drop = normalize(req.capDrop ?? [], 'cap_drop');
  if (add.length === 0 && drop.length === 0) return [...DEFAULT_CAPABILITIES];
  if (add.includes('ALL')) return ALL_CAPABILITIES.filter((c) => !drop.includes(c));
  if (drop.includes('ALL')) return add.filter((c) => c !== 'ALL');
  const caps = DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  for (const c of add) if (!caps.includes(c)) caps.push(c);
  return caps;
}

/**
 * Capabilities the host's bounding set lacks cannot be granted (runc fails
 * with "unable to apply caps: operation not permitted"); they are left out
 * with a warning instead, so `privileged: true` still works on a host like
 * this one, which has no CAP_SYS_RESOURCE.
 */
export function fitToHost(caps: readonly string[], hostBounding: readonly string[] | undefined, warnings: string[]): string[] {
  if (hostBounding === undefined) return [...caps];
  const missing = caps.filter((c) => !hostBounding.includes(c));
  if (missing.length > 0) {
    warnings.push(`the host cannot grant ${missing.join(', ')} (not in tscompose's bounding set); the container runs without ${missing.length === 1 ? 'it' : 'them'}`);
  }
  return caps.filter((c) => hostBounding.includes(c));
}
