/**
 * A container's networking before the engine creates it, as docker does it
 * for each network_mode: for bridge networks a sandbox (its own network
 * namespace) attached to every network with the container's DNS names and
 * its published ports (checked first, so a taken port fails before anything
 * exists); `host` and `none` need no sandbox; `service:x`/`container:x` join
 * the other container's namespace and share its /etc files. Returns the
 * engine's network mode and the /etc/hosts and resolv.conf contents.
 */
import { readFileSync } from 'node:fs';
import type { ContainerEngine, NetworkMode } from '../../engine/index.js';
import type { ContainerCreateRequest } from '../../exec/ports.js';
import { ExecError } from '../../exec/errors.js';
import type { EndpointSpec, ExtraHost, NetworkDriver, PortSpec, Protocol } from '../../network/index.js';
import { obj, strs } from './container-spec.js';

export interface NetworkSetup {
  network: NetworkMode;
  hosts: string;
  resolvConf: string;
  /** The sandbox made for this container, to remove with it. */
  sandbox?: string;
}

function readHost(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** canonical `ports:` entries: target, published ("8080" or "8080-8090"), host_ip, protocol. */
export function portSpecs(v: unknown): PortSpec[] {
  return (Array.isArray(v) ? v : []).map((p) => {
    const o = obj(p);
    const [from, to] = String(o.published ?? '').split('-');
    const hostPort = from === undefined || from === '' ? undefined : Number(from);
    return {
      containerPort: Number(o.target),
      protocol: (typeof o.protocol === 'string' ? o.protocol : 'tcp') as Protocol,
      ...(typeof o.host_ip === 'string' && o.host_ip !== '' ? { hostIp: o.host_ip } : {}),
      ...(hostPort === undefined ? {} : { hostPort }),
      ...(to === undefined ? {} : { hostPortEnd: Number(to) }),
    };
  });
}

/** canonical `extra_hosts`: `name=address` (compose-go writes `=`; `:` still accepted). */
export function extraHosts(v: unknown): ExtraHost[] {
  return strs(v).map((e) => {
    const at = e.includes('=') ? e.indexOf('=') : e.indexOf(':');
    return { host: e.slice(0, at), ip: e.slice(at + 1) };
  });
}

function endpointsOf(req: ContainerCreateRequest): EndpointSpec[] {
  const nets = obj(req.config.networks);
  return req.networks.map((n) => {
    const c = obj(nets[n.key]);
    const num = (k: string): number | undefined => (typeof c[k] === 'number' ? c[k] : undefined);
    const str = (k: string): string | undefined => (typeof c[k] === 'string' && c[k] !== '' ? c[k] : undefined);
    return Object.fromEntries(
      Object.entries({
        network: n.name, dnsNames: n.aliases, priority: num('priority'), gwPriority: num('gw_priority'),
        ipv4Address: str('ipv4_address'), ipv6Address: str('ipv6_address'), mac: str('mac_address'), ifname: str('interface_name'),
      }).filter(([, v]) => v !== undefined),
    ) as unknown as EndpointSpec;
  });
}

function linksOf(v: unknown): Record<string, string> {
  return Object.fromEntries(strs(v).map((l) => {
    const [target = '', alias = target] = l.split(':');
    return [alias, target];
  }));
}

function dnsOf(svc: Readonly<Record<string, unknown>>): { dns: string[]; dnsSearch: string[]; dnsOptions: string[] } {
  return { dns: strs(svc.dns), dnsSearch: strs(svc.dns_search), dnsOptions: strs(svc.dns_opt) };
}

/** The network driver's module, loaded by the first create: ps, logs and exec open the adapters without it. */
const networkModule = (): Promise<typeof import('../../network/index.js')> => import('../../network/index.js');

async function bridged(req: ContainerCreateRequest, id: string, hostname: string, net: NetworkDriver): Promise<NetworkSetup> {
  const svc = req.config;
  const ports = portSpecs(svc.ports);
  if (ports.length > 0) await net.checkPorts([{ project: req.project, service: req.service, container: req.name, ports }]);
  const sandbox = await net.createSandbox(id, req.project);
  try {
    const endpoints = await net.attach(sandbox.id, {
      project: req.project, service: req.service, container: req.name, endpoints: endpointsOf(req), ports,
      links: linksOf(svc.links), dnsServers: strs(svc.dns),
    });
    const { containerFiles } = await networkModule();
    const domainname = typeof svc.domainname === 'string' && svc.domainname !== '' ? svc.domainname : undefined;
    const files = containerFiles({
      mode: 'bridge', hostname, ...(domainname === undefined ? {} : { domainname }), endpoints, extraHosts: extraHosts(svc.extra_hosts), dns: dnsOf(svc),
      host: { hosts: readHost('/etc/hosts'), resolvConf: readHost('/etc/resolv.conf') },
    });
    return { network: { mode: 'path', path: sandbox.netnsPath }, hosts: files.hosts, resolvConf: files.resolvConf, sandbox: sandbox.id };
  } catch (e) {
    await net.removeSandbox(sandbox.id).catch(() => undefined);
    throw e;
  }
}

/** The container `service:x` or `container:x` names: the lowest-numbered one of the service in this project. */
async function peerOf(engine: ContainerEngine, project: string, mode: string): Promise<string> {
  const [kind, target = ''] = mode.split(':');
  const all = await engine.summaries();
  const match = kind === 'container'
    ? all.filter((c) => c.name === target || c.id === target)
    : all.filter((c) => c.labels['com.docker.compose.project'] === project && c.labels['com.docker.compose.service'] === target && c.labels['com.docker.compose.oneoff'] !== 'True');
  const peer = match.sort((a, b) => Number(a.labels['com.docker.compose.container-number'] ?? 0) - Number(b.labels['com.docker.compose.container-number'] ?? 0))[0];
  if (peer === undefined) throw new ExecError('E_NO_PEER', `cannot join the namespaces of ${mode}: no such container`, { hint: `start ${target} first; depends_on orders it` });
  return peer.id;
}

export async function networkSetup(req: ContainerCreateRequest, id: string, hostname: string, engine: ContainerEngine, net: NetworkDriver): Promise<NetworkSetup> {
  const mode = typeof req.config.network_mode === 'string' ? req.config.network_mode : '';
  const host = { hosts: readHost('/etc/hosts'), resolvConf: readHost('/etc/resolv.conf') };
  if (mode === 'host' || mode === 'none') {
    const { containerFiles } = await networkModule();
    const files = containerFiles({ mode, hostname, extraHosts: extraHosts(req.config.extra_hosts), dns: dnsOf(req.config), host });
    return { network: { mode }, hosts: files.hosts, resolvConf: files.resolvConf };
  }
  if (mode.startsWith('service:') || mode.startsWith('container:')) {
    const peer = await engine.inspect(await peerOf(engine, req.project, mode));
    const network: NetworkMode = peer.description.network ?? { mode: 'none' };
    return { network, hosts: readHost(peer.paths.hosts), resolvConf: readHost(peer.paths.resolvConf) };
  }
  return bridged(req, id, hostname, net);
}

export { peerOf };
