/**
 * Profiles (compose-go v2.4.8 Project.WithProfiles): a service without
 * `profiles` is always enabled; one with profiles only when one of them is
 * active, or when `*` is. Disabled services leave the model but are kept
 * aside: naming one on the command line enables it again, and an optional
 * dependency on one is not an error. What depends on a disabled service is
 * left for the consistency check to report.
 */
import { isMapping, type Mapping } from './tree.js';

/** Whether a service with these `profiles` runs when `active` profiles are selected. */
export function hasProfile(serviceProfiles: unknown, active: readonly string[]): boolean {
  if (!Array.isArray(serviceProfiles) || serviceProfiles.length === 0) return true;
  return active.some((p) => p === '*' || serviceProfiles.includes(p));
}

/** Splits the services into enabled (left in `model`) and `disabled`; the input is not modified. */
export function applyProfiles(model: Mapping, profiles: readonly string[]): { model: Mapping; disabled: Mapping } {
  const enabled: Mapping = {};
  const disabled: Mapping = {};
  const services = isMapping(model.services) ? model.services : {};
  for (const [name, svc] of Object.entries(services)) {
    const profilesOf = isMapping(svc) ? svc.profiles : undefined;
    if (hasProfile(profilesOf, profiles)) enabled[name] = svc;
    else disabled[name] = svc;
  }
  return { model: { ...model, services: enabled }, disabled };
}
