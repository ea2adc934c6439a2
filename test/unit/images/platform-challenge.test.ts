import { describe, expect, it } from 'vitest';
import { parsePlatform, selectManifest } from '../../../src/images/platform.js';
import { parseChallenges } from '../../../src/images/registry/challenge.js';
import { endpointsFor, isLoopback } from '../../../src/images/registry/endpoint.js';

const d = (architecture: string, variant?: string, os = 'linux') => ({ mediaType: 'm', digest: `sha256:${architecture}${variant ?? ''}`, size: 1, platform: { architecture, os, ...(variant ? { variant } : {}) } });

describe('platforms', () => {
  it('normalises as containerd does', () => {
    expect(parsePlatform('linux/arm64')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('linux/arm')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(parsePlatform('amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/x86_64')).toEqual({ os: 'linux', architecture: 'amd64' });
  });

  it('chooses the manifest of the platform and skips attestations', () => {
    const list = [d('unknown', undefined, 'unknown'), d('arm', 'v6'), d('arm', 'v7'), d('arm64', 'v8'), d('amd64')];
    expect(selectManifest('x', list, parsePlatform('linux/arm/v7')).digest).toBe('sha256:armv7');
    expect(selectManifest('x', list, parsePlatform('linux/arm64')).digest).toBe('sha256:arm64v8');
    expect(selectManifest('x', list, parsePlatform('linux/amd64')).digest).toBe('sha256:amd64');
    expect(() => selectManifest('x', list, parsePlatform('linux/s390x'))).toThrow('no matching manifest for linux/s390x in the manifest list entries of x');
  });
});

describe('WWW-Authenticate', () => {
  it('reads a bearer challenge', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });
  it('reads basic and several challenges', () => {
    expect(parseChallenges('Basic realm="r e"')).toEqual([{ scheme: 'basic', params: { realm: 'r e' } }]);
    expect(parseChallenges('Basic realm=x, Bearer realm="y\\"z"').map((c) => [c.scheme, c.params.realm])).toEqual([['basic', 'x'], ['bearer', 'y"z']]);
  });
});

describe('endpoints', () => {
  it('uses plain HTTP for loopback and insecure registries only', () => {
    expect(isLoopback('127.0.0.1:5000')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('[::1]:5000')).toBe(true);
    expect(isLoopback('10.0.0.1:5000')).toBe(false);
    expect(endpointsFor('reg.example:5000', { insecureRegistries: ['reg.example:5000'] })[0]?.base).toBe('http://reg.example:5000');
    expect(endpointsFor('reg.example', {})[0]?.base).toBe('https://reg.example');
  });
  it('puts Docker Hub mirrors first', () => {
    expect(endpointsFor('docker.io', { mirrors: ['http://127.0.0.1:5001/', 'mirror.example'] }).map((e) => e.base)).toEqual(['http://127.0.0.1:5001', 'https://mirror.example', 'https://registry-1.docker.io']);
    expect(endpointsFor('ghcr.io', { mirrors: ['http://127.0.0.1:5001'] }).map((e) => e.base)).toEqual(['https://ghcr.io']);
  });
});
