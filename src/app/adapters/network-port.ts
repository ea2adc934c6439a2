/**
 * exec's NetworkPort over the network driver: a compose network definition
 * (canonical form, as `config --format json` prints it) becomes the driver's
 * NetworkSpec. A network that still has endpoints of other containers is
 * `in-use`, as docker answers for `network rm`.
 */
import type { NetworkCreateRequest, NetworkPort } from '../../exec/ports.js';
import type { IpamConfig, NetworkDriver, NetworkSpec } from '../../network/index.js';
import { obj } from './container-spec.js';

function strings(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, String(x)]));
}

function ipamConfig(c: Readonly<Record<string, unknown>>): IpamConfig {
  return {
    ...(c.subnet === undefined ? {} : { subnet: String(c.subnet) }),
    ...(c.ip_range === undefined ? {} : { ipRange: String(c.ip_range) }),
    ...(c.gateway === undefined ? {} : { gateway: String(c.gateway) }),
    ...(c.aux_addresses === undefined ? {} : { auxAddresses: strings(c.aux_addresses) }),
  };
}

export function networkSpec(req: NetworkCreateRequest): NetworkSpec {
  const c = req.config;
  const ipam = obj(c.ipam);
  const configs = Array.isArray(ipam.config) ? ipam.config.map((x) => ipamConfig(obj(x))) : [];
  return {
    name: req.name,
    project: req.project,
    composeName: req.key,
    ...(typeof c.driver === 'string' ? { driver: c.driver } : {}),
    driverOpts: strings(c.driver_opts),
    internal: c.internal === true,
    external: c.external === true,
    attachable: c.attachable === true,
    enableIpv6: c.enable_ipv6 === true,
    ipam: { ...(typeof ipam.driver === 'string' ? { driver: ipam.driver } : {}), config: configs },
    labels: { ...strings(c.labels), ...req.labels },
  };
}

export function networkPort(driver: () => Promise<NetworkDriver>): NetworkPort {
  return {
    async create(req) {
      await (await driver()).ensureNetwork(networkSpec(req));
    },
    async inspect(name) {
      const rec = await (await driver()).getNetwork(name);
      return rec === undefined ? undefined : { name: rec.name, ...(rec.project === '' ? {} : { project: rec.project }) };
    },
    async remove(name) {
      const d = await driver();
      if ((await d.getNetwork(name)) === undefined) return 'missing';
      if ((await d.endpoints({ network: name })).length > 0) return 'in-use';
      await d.removeNetwork(name);
      return 'removed';
    },
  };
}
