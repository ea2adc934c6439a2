import { describe, expect, it } from 'vitest';
import { FakeNetworkDriver } from '../../../src/network/fake.js';

describe('FakeNetworkDriver', () => {
  it('plans subnets, addresses, interface order and ports as the real driver does', async () => {
    const d = new FakeNetworkDriver();
    const a = await d.ensureNetwork({ name: 'p_a', project: 'p', composeName: 'a' });
    const b = await d.ensureNetwork({ name: 'p_b', project: 'p', composeName: 'b', internal: true });
    expect([a.subnets[0]?.subnet, b.subnets[0]?.subnet]).toEqual(['172.17.0.0/16', '172.18.0.0/16']);
    await d.createSandbox('c1', 'p');
    const eps = await d.attach('c1', { project: 'p', service: 'web', container: 'p-web-1', endpoints: [{ network: 'p_b' }, { network: 'p_a', priority: 2 }], ports: [{ containerPort: 80, hostPort: 8080 }] });
    expect(eps.map((e) => [e.network, e.ifname, e.ipv4, e.isGateway])).toEqual([
      ['p_a', 'eth0', '172.17.0.2', true],
      ['p_b', 'eth1', '172.18.0.2', false],
    ]);
    expect(eps[0]?.ports).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }]);
    await expect(d.checkPorts([{ service: 'api', container: 'p-api-1', ports: [{ containerPort: 80, hostPort: 8080 }] }])).rejects.toThrow('port is already allocated (by container p-web-1)');
    await expect(d.removeNetwork('p_a')).rejects.toThrow('has active endpoints');
    await d.removeSandbox('c1');
    await d.removeNetwork('p_a');
    expect(d.calls).toEqual(['ensureNetwork p_a', 'ensureNetwork p_b', 'createSandbox c1', 'attach c1 p_b,p_a', 'removeNetwork p_a', 'removeSandbox c1', 'removeNetwork p_a']);
  });
});
