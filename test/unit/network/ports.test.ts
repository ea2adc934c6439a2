import { describe, expect, it } from 'vitest';
import { choosePorts, clashes, expandPortRange, parsePortRange, parseProcNet } from '../../../src/network/ports.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4712 1 0000000000000000 100 0 0 10 0
   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 4713 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5002 1 0000000000000000 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  221: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 6001 2 0000000000000000 0
`;

describe('/proc/net', () => {
  it('lists listening TCP sockets (not connections) and bound UDP sockets', () => {
    expect(parseProcNet(TCP, 'tcp')).toEqual([
      { protocol: 'tcp', ip: '127.0.0.1', port: 8080, inode: '4711' },
      { protocol: 'tcp', ip: '0.0.0.0', port: 22, inode: '4712' },
    ]);
    expect(parseProcNet(TCP6, 'tcp').map((s) => `${s.ip} ${s.port}`)).toEqual([':: 80', '::1 8081']);
    expect(parseProcNet(UDP, 'udp')).toEqual([{ protocol: 'udp', ip: '127.0.0.53', port: 53, inode: '6001' }]);
  });

  it('reads the ephemeral range', () => {
    expect(parsePortRange('32768\t60999\n')).toEqual({ start: 32768, end: 60999 });
    expect(parsePortRange('')).toEqual({ start: 32768, end: 60999 });
  });
});

describe('choosing host ports', () => {
  const taken = [
    { protocol: 'tcp' as const, ip: '127.0.0.1', port: 8080, holder: 'nginx (pid 1) on the host' },
    { protocol: 'tcp' as const, ip: '0.0.0.0', port: 32768, holder: 'container x' },
  ];
  const eph = { start: 32768, end: 32770 };

  it('clashes on equal addresses or a wildcard, per protocol', () => {
    expect(clashes({ protocol: 'tcp', ip: '0.0.0.0', port: 1 }, { protocol: 'tcp', ip: '10.0.0.1', port: 1 })).toBe(true);
    expect(clashes({ protocol: 'tcp', ip: '10.0.0.2', port: 1 }, { protocol: 'tcp', ip: '10.0.0.1', port: 1 })).toBe(false);
    expect(clashes({ protocol: 'udp', ip: '0.0.0.0', port: 1 }, { protocol: 'tcp', ip: '0.0.0.0', port: 1 })).toBe(false);
  });

  it('reports a fixed port that is taken, with who holds it', () => {
    const r = choosePorts([{ containerPort: 80, hostPort: 8080 }], taken, eph);
    expect(r.conflicts).toEqual([{ spec: { containerPort: 80, hostPort: 8080 }, binding: { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }, holder: 'nginx (pid 1) on the host' }]);
    expect(choosePorts([{ containerPort: 80, hostPort: 8080, hostIp: '127.0.0.2' }], taken, eph).conflicts).toEqual([]);
    expect(choosePorts([{ containerPort: 80, hostPort: 8080, protocol: 'udp' }], taken, eph).conflicts).toEqual([]);
  });

  it('gives ephemeral ports and range ports that nothing holds, not twice in one request', () => {
    const r = choosePorts([{ containerPort: 80 }, { containerPort: 81 }, { containerPort: 82, hostPort: 8080, hostPortEnd: 8082 }], taken, eph, '127.0.0.1');
    expect(r.bindings.map((b) => `${b.hostIp}:${b.hostPort}`)).toEqual(['127.0.0.1:32769', '127.0.0.1:32770', '127.0.0.1:8081']);
    expect(choosePorts([{ containerPort: 1 }, { containerPort: 2 }, { containerPort: 3 }], taken, eph).conflicts).toHaveLength(1);
    expect(choosePorts([{ containerPort: 1, hostPort: 9000 }, { containerPort: 2, hostPort: 9000 }], [], eph).conflicts).toHaveLength(1);
  });
});

describe('port ranges', () => {
  it('maps one to one, picks from a host range, or gives ephemeral ports', () => {
    expect(expandPortRange({ start: 80, end: 81 }, { start: 8080, end: 8081 }, 'tcp')).toEqual([
      { protocol: 'tcp', containerPort: 80, hostPort: 8080 },
      { protocol: 'tcp', containerPort: 81, hostPort: 8081 },
    ]);
    expect(expandPortRange({ start: 80, end: 80 }, { start: 8000, end: 8010 }, 'udp', '127.0.0.1')).toEqual([{ protocol: 'udp', hostIp: '127.0.0.1', containerPort: 80, hostPort: 8000, hostPortEnd: 8010 }]);
    expect(expandPortRange({ start: 80, end: 81 }, undefined, 'tcp')).toEqual([
      { protocol: 'tcp', containerPort: 80 },
      { protocol: 'tcp', containerPort: 81 },
    ]);
    expect(expandPortRange({ start: 80, end: 82 }, { start: 1, end: 2 }, 'tcp')).toBeUndefined();
  });
});
