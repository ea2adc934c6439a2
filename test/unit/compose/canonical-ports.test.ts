import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/compose/canonical.js';
import { isIP, splitHostPort } from '../../../src/compose/canonical-ip.js';
import { ComposeError } from '../../../src/errors.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Expected results were printed by `docker compose config --format json` (2.26.1).

function port(target: number, published?: string, protocol = 'tcp', hostIp?: string): Mapping {
  const out: Mapping = { mode: 'ingress' };
  if (hostIp !== undefined) out.host_ip = hostIp;
  out.target = target;
  if (published !== undefined) out.published = published;
  out.protocol = protocol;
  return out;
}

function ports(items: unknown[], ignoreParseErrors = false): unknown {
  const model = canonicalize({ services: { web: { image: 'x', ports: items } } }, { ignoreParseErrors });
  return ((model.services as Mapping).web as Mapping).ports;
}

function errorOf(items: unknown[]): { message: string; path: string | undefined } | undefined {
  try {
    ports(items);
    return undefined;
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    return { message: e.detail, path: e.location.path };
  }
}

describe('short port syntax', () => {
  it.each<[string | number, Mapping[]]>([
    [80, [port(80)]],
    ['80', [port(80)]],
    ['8080:80', [port(80, '8080')]],
    ['80:8080', [port(8080, '80')]],
    ['127.0.0.1:8081:81/udp', [port(81, '8081', 'udp', '127.0.0.1')]],
    ['[::1]:8082:82', [port(82, '8082', 'tcp', '::1')]],
    ['[::ffff:1.2.3.4]:80:80', [port(80, '80', 'tcp', '::ffff:1.2.3.4')]],
    ['[1:2:3:4:5:6:7:8]:80:80', [port(80, '80', 'tcp', '1:2:3:4:5:6:7:8')]],
    ['0.0.0.0:80:80/tcp', [port(80, '80', 'tcp', '0.0.0.0')]],
    ['127.0.0.1::5000', [port(5000, undefined, 'tcp', '127.0.0.1')]],
    [':5001:5001', [port(5001, '5001')]],
    [':80', [port(80)]],
    ['80/', [port(80)]],
    ['3000:3000/SCTP', [port(3000, '3000', 'sctp')]],
    ['80/TCP', [port(80)]],
    ['0:80', [port(80, '0')]],
    ['00080:0081', [port(81, '80')]],
    ['65535:65535', [port(65535, '65535')]],
    ['9000-9002:9000-9002', [port(9000, '9000'), port(9001, '9001'), port(9002, '9002')]],
    ['80-81:80-81/udp', [port(80, '80', 'udp'), port(81, '81', 'udp')]],
    ['6000-6001', [port(6000), port(6001)]],
    // Entries sort as the strings "100/tcp" < "98/tcp".
    ['98-101', [port(100), port(101), port(98), port(99)]],
    ['7000-7001:7000', [port(7000, '7000-7001')]],
    ['80-90:8080', [port(8080, '80-90')]],
    ['80-80:8080/tcp', [port(8080, '80')]],
    ['127.0.0.1:0-2:80', [port(80, '0-2', 'tcp', '127.0.0.1')]],
    ['8080-8081:80/udp', [port(80, '8080-8081', 'udp')]],
    ['[2001:db8::]:1-3:1-3', [port(1, '1', 'tcp', '2001:db8::'), port(2, '2', 'tcp', '2001:db8::'), port(3, '3', 'tcp', '2001:db8::')]],
    ['80-81-82', [port(80), port(81)]],
    ['80/tcp/x', [port(80)]],
  ])('%s', (spec, expected) => {
    expect(ports([spec])).toEqual(expected);
  });

  it.each<[string | number, string]>([
    ['abc', 'Invalid containerPort: abc'],
    ['tcp', 'Invalid containerPort: tcp'],
    ['80:abc', 'Invalid containerPort: abc'],
    ['70000', 'Invalid containerPort: 70000'],
    ['9999999', 'Invalid containerPort: 9999999'],
    ['90-80', 'Invalid containerPort: 90-80'],
    ['-80', 'Invalid containerPort: -80'],
    ['80-', 'Invalid containerPort: 80-'],
    [-1, 'Invalid containerPort: -1'],
    ['65536:80', 'Invalid hostPort: 65536'],
    ['8000-8001:80-82', 'Invalid ranges specified for container and host Ports: 80-82 and 8000-8001'],
    ['80/xyz', 'Invalid proto: xyz'],
    ['1.2.3:80:80', 'Invalid ip address: 1.2.3'],
    ['127.0.1:8080:80', 'Invalid ip address: 127.0.1'],
    ['010.0.0.1:80:80', 'Invalid ip address: 010.0.0.1'],
    ['256.1.1.1:80:80', 'Invalid ip address: 256.1.1.1'],
    ['1.2.3.4.5:80:80', 'Invalid ip address: 1.2.3.4.5'],
    ['[fe80::1%eth0]:80:80', 'Invalid ip address: fe80::1%eth0'],
    ['[2001:db8]:80:80', 'Invalid ip address: 2001:db8'],
    ['[1::2::3]:80:80', 'Invalid ip address: 1::2::3'],
    ['[1:2:3:4:5:6:7:1.2.3.4]:80:80', 'Invalid ip address: 1:2:3:4:5:6:7:1.2.3.4'],
    ['[1:2::1.2.3.4:5]:80:80', 'Invalid ip address: 1:2::1.2.3.4:5'],
    ['::1:80:80', 'Invalid ip address ::1: address ::1:: too many colons in address'],
    ['1:2:3:4', 'Invalid ip address 1:2: address 1:2:: too many colons in address'],
    ['[::1:80:80', "Invalid ip address [::1: address [::1:: missing ']' in address"],
    ['[::1]80:80', "Invalid ip address [:: address [::: missing ']' in address"],
    ['a]:80:80', "Invalid ip address a]: address a]:: unexpected ']' in address"],
    ['80:', 'No port specified: 80:<empty>'],
    ['/udp', 'No port specified: /udp<empty>'],
    ['', 'No port specified: <empty>'],
  ])('%s is rejected', (spec, message) => {
    expect(errorOf([spec])).toEqual({ message, path: 'services.web.ports.0' });
  });

  it('names the item in the error path', () => {
    expect(errorOf(['80', 'bad'])?.path).toBe('services.web.ports.1');
  });
});

describe('port lists', () => {
  it('keeps long syntax entries as written, in order with expanded ones', () => {
    const long = { target: 443, published: 8443 };
    expect(ports(['80', long, '81-82'])).toEqual([port(80), long, port(81), port(82)]);
  });

  it.each<[unknown, string]>([
    [80.5, 'services.web.ports: invalid type float64 for port'],
    [true, 'services.web.ports: invalid type bool for port'],
    [null, 'services.web.ports: invalid type <nil> for port'],
  ])('rejects %s items', (item, message) => {
    expect(errorOf([item])?.message).toBe(message);
  });

  it('rejects a non-list', () => {
    expect(() => canonicalize({ services: { web: { ports: '80' } } })).toThrow('services.web.ports: invalid type string for port');
  });

  it('keeps the list as written when interpolation is off and a spec does not parse', () => {
    expect(ports(['${HOST_IP}:${HOST_PORT}:80', '80'], true)).toEqual(['${HOST_IP}:${HOST_PORT}:80', '80']);
  });
});

describe('Go address helpers', () => {
  it.each([
    ['[::1]:', { host: '::1', port: '' }],
    ['127.0.0.1:', { host: '127.0.0.1', port: '' }],
    [':', { host: '', port: '' }],
  ])('splitHostPort(%s)', (input, expected) => {
    expect(splitHostPort(input)).toEqual(expected);
  });

  it.each([
    ['::', true], ['::1', true], ['1::', true], ['1:2:3:4:5:6:7::', true], ['::1.2.3.4', true],
    ['1:2:3:4:5:6:1.2.3.4', true], ['1:2:3:4:5:6:7:8::', false], ['1:2:1.2.3.4::', false], [':::', false],
    ['12345::', false], ['1.2.3.04', false], ['0.0.0.0', true], ['255.255.255.255', true], ['', false],
  ])('isIP(%s) = %s', (input, expected) => {
    expect(isIP(input)).toBe(expected);
  });
});
