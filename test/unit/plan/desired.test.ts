import { describe, expect, it } from 'vitest';
import { desiredFrom } from './helpers.js';

describe('desiredState', () => {
  it('carries the hash config --hash prints (the reference label docker compose 2.26.1 wrote)', () => {
    // The tsctua stack of test/fixtures/up/reference: docker compose labelled db with this hash.
    const d = desiredFrom(`
services:
  db:
    image: tsctu-bb:1
    command: ["sleep", "3600"]
    volumes: [data:/data]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
      start_period: 0s
volumes:
  data: {}
`);
    expect(d.services[0]?.hash).toBe('cec82e300fa323ef9574bdc433b230d08c8b730458e10052b11f2dbb663f9305');
  });

  it('reads stop, pull, dependencies, networks and named volumes', () => {
    const d = desiredFrom(`
services:
  a:
    image: busybox
    network_mode: host
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    pull_policy: if_not_present
    volumes: [data:/d, /anon, ./x:/y]
  b:
    build: .
    depends_on: {a: {condition: service_healthy, restart: true}}
  c:
    image: busybox
    network_mode: "service:b"
volumes:
  data: {}
`);
    const [a, b, c] = d.services;
    expect(a).toMatchObject({ stop: { signal: 'SIGINT', timeoutSeconds: 90 }, pullPolicy: 'missing', networks: [], volumes: ['data'], customImage: true });
    expect(b).toMatchObject({ image: 'p-b', hasBuild: true, customImage: false, networks: ['default'], dependsOn: [{ service: 'a', condition: 'service_healthy', required: true, restart: true, sharesNamespace: false }] });
    expect(c?.dependsOn).toEqual([{ service: 'b', condition: 'service_started', required: true, restart: true, sharesNamespace: true }]);
    expect(d.volumes).toEqual([{ key: 'data', name: 'p_data', external: false }]);
    expect(desiredFrom('services:\n  a: {image: busybox}\n', { timeoutSeconds: 3 }).services[0]?.stop).toEqual({ signal: 'SIGTERM', timeoutSeconds: 3 });
  });

  it('--no-deps drops dependencies outside the selection', () => {
    const yaml = 'services:\n  a: {image: busybox, depends_on: {b: {condition: service_healthy}}}\n  b: {image: busybox}\n';
    expect(desiredFrom(yaml, { noDeps: true }, ['a']).services[0]?.dependsOn).toEqual([]);
    expect(desiredFrom(yaml, {}, ['a']).services[0]?.dependsOn).toHaveLength(1);
    expect(desiredFrom(yaml, { noDeps: true }, ['a']).otherServices).toEqual(['b']);
  });
});
