/**
 * `devices:` and `device_cgroup_rules:`: nodes created in the container's
 * /dev and the device-cgroup rules that let it use them, after Docker's
 * defaults. `privileged: true` gets every host device and no restriction.
 */
import { InvalidContainerConfigError } from '../errors.js';
import type { HostDevice, SpecContext } from './context.js';
import { defaultDeviceRules } from './defaults.js';
import type { ContainerDescription } from './description.js';
import type { OciDevice, OciDeviceRule } from './oci.js';

const RULE = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/;

export function parseDeviceCgroupRule(rule: string): OciDeviceRule {
  const m = RULE.exec(rule.trim());
  if (m === null) throw new InvalidContainerConfigError('device_cgroup_rules', `invalid device cgroup format '${rule}'`);
  const num = (s: string | undefined): number => (s === '*' || s === undefined ? -1 : Number(s));
  return { allow: true, type: m[1] as 'a' | 'c' | 'b', major: num(m[2]), minor: num(m[3]), access: m[4] ?? 'rwm' };
}

function toOci(dev: HostDevice, path: string): OciDevice {
  return { path, type: dev.type, major: dev.major, minor: dev.minor, fileMode: dev.fileMode, uid: dev.uid, gid: dev.gid };
}

export interface DeviceSetup {
  devices: OciDevice[];
  rules: OciDeviceRule[];
}

export function buildDevices(d: ContainerDescription, ctx: SpecContext): DeviceSetup {
  if (d.privileged === true) {
    return { devices: (ctx.hostDevices ?? []).map((h) => toOci(h, h.path)), rules: [{ allow: true, access: 'rwm' }] };
  }
  const devices: OciDevice[] = [];
  const rules = defaultDeviceRules();
  for (const map of d.devices ?? []) {
    if (!/^[rwm]{1,3}$/.test(map.permissions)) throw new InvalidContainerConfigError('devices', `invalid device permissions '${map.permissions}' for ${map.source}`);
    const found = ctx.devices?.[map.source];
    if (found === undefined || found.length === 0) throw new InvalidContainerConfigError('devices', `error gathering device information while adding custom device "${map.source}": no such file or directory`);
    for (const dev of found) {
      const path = dev.path === map.source ? map.target : map.target + dev.path.slice(map.source.length);
      devices.push(toOci(dev, path));
      rules.push({ allow: true, type: dev.type, major: dev.major, minor: dev.minor, access: map.permissions });
    }
  }
  for (const r of d.deviceCgroupRules ?? []) rules.push(parseDeviceCgroupRule(r));
  return { devices, rules };
}
