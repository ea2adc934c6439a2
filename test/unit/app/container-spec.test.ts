import { describe, expect, it } from 'vitest';
import { containerSpec, environmentOf } from '../../../src/app/adapters/container-spec.js';
import { loggingOf } from '../../../src/app/adapters/container-port.js';
import { extraHosts, portSpecs } from '../../../src/app/adapters/network-setup.js';
import { networkSpec } from '../../../src/app/adapters/network-port.js';

const ID = 'ab'.repeat(32);
const none = { namespace: () => undefined };

function spec(service: Record<string, unknown>) {
  return containerSpec({ id: ID, service, image: { Cmd: ['sh'] }, mounts: [], peers: none });
}

describe('a compose service as the engine description', () => {
  it('keeps the image command and entrypoint when the service sets none (null in the canonical form)', () => {
    const d = spec({ command: null, entrypoint: null });
    expect(d.command).toBeUndefined();
    expect(d.entrypoint).toBeUndefined();
    expect(d.hostname).toBe(ID.slice(0, 12));
    expect(d.image).toEqual({ Cmd: ['sh'] });
  });

  it('passes command and entrypoint lists, an empty one clearing the image value', () => {
    expect(spec({ command: ['a', 'b'] }).command).toEqual(['a', 'b']);
    expect(spec({ entrypoint: [] }).entrypoint).toEqual([]);
  });

  it('drops environment entries left unset, as docker drops KEY without =', () => {
    expect(environmentOf({ environment: { A: '1', B: null, C: '' } })).toEqual(['A=1', 'C=']);
  });

  it('reads the canonical sizes and the resources, deploy limits winning', () => {
    const d = spec({ mem_limit: '536870912', shm_size: '134217728', pids_limit: 200, cpus: 0.5, mem_swappiness: '60', oom_score_adj: -500 });
    expect(d).toMatchObject({ memLimit: 536870912, shmSize: 134217728, pidsLimit: 200, cpus: 0.5, memSwappiness: 60, oomScoreAdj: -500 });
    const deploy = spec({ mem_limit: '1024', cpus: 2, deploy: { resources: { limits: { memory: '52428800', cpus: 0.25, pids: 10 } } } });
    expect(deploy).toMatchObject({ memLimit: 52428800, cpus: 0.25, pidsLimit: 10 });
  });

  it('turns ulimits, devices, sysctls and namespaces into the engine forms', () => {
    const d = spec({
      ulimits: { nofile: { soft: 20000, hard: 40000 }, nproc: 65535 },
      devices: [{ source: '/dev/fuse', target: '/dev/fuse' }],
      sysctls: { 'net.core.somaxconn': '1024' },
      ipc: 'shareable',
      pid: 'host',
      privileged: true,
      read_only: false,
    });
    expect(d.ulimits).toEqual({ nofile: { soft: 20000, hard: 40000 }, nproc: { soft: 65535, hard: 65535 } });
    expect(d.devices).toEqual([{ source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' }]);
    expect(d.sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(d.ipc).toEqual({ mode: 'shareable' });
    expect(d.pid).toEqual({ mode: 'host' });
    expect(d.privileged).toBe(true);
    expect(d.readOnly).toBeUndefined();
  });

  it('asks for the namespaces of other containers', () => {
    const d = containerSpec({ id: ID, service: { ipc: 'service:main' }, image: {}, mounts: [], peers: { namespace: (m) => (m === 'service:main' ? { mode: 'container', id: 'c1' } : undefined) } });
    expect(d.ipc).toEqual({ mode: 'container', id: 'c1' });
  });
});

describe('ports, extra hosts, logging and networks', () => {
  it('reads canonical ports, with ranges and host addresses', () => {
    expect(portSpecs([{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }])).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
    ]);
    expect(portSpecs([{ target: 53, published: '5300-5310', protocol: 'udp' }])).toEqual([{ containerPort: 53, protocol: 'udp', hostPort: 5300, hostPortEnd: 5310 }]);
    expect(portSpecs([{ target: 80 }])).toEqual([{ containerPort: 80, protocol: 'tcp' }]);
  });

  it('splits extra_hosts as compose-go writes them', () => {
    expect(extraHosts(['h1=10.0.0.1', 'v6host=::1', 'gw:host-gateway'])).toEqual([
      { host: 'h1', ip: '10.0.0.1' },
      { host: 'v6host', ip: '::1' },
      { host: 'gw', ip: 'host-gateway' },
    ]);
  });

  it('rotates logs as json-file options say, and keeps none', () => {
    expect(loggingOf({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } })).toEqual({ maxSize: 10485760, maxFiles: 3 });
    expect(loggingOf({ driver: 'none' })).toEqual({ driver: 'none' });
    expect(loggingOf(undefined)).toEqual({});
  });

  it('makes a network spec from the canonical network', () => {
    const s = networkSpec({
      name: 'p_back', project: 'p', key: 'back', labels: { 'com.docker.compose.network': 'back' },
      config: { internal: true, ipam: { config: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1' }] }, labels: { team: 'a' } },
    });
    expect(s).toMatchObject({ name: 'p_back', composeName: 'back', internal: true, external: false, ipam: { config: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1' }] } });
    expect(s.labels).toEqual({ team: 'a', 'com.docker.compose.network': 'back' });
  });
});
