/**
 * A compose service's build section as the builder takes it, following
 * docker compose 2.26's toBuildOptions.
 */
import { describe, expect, it } from 'vitest';
import { imageNameOf, parseBuildArgs, serviceBuild } from '../../../src/app/build-spec.js';

describe('serviceBuild', () => {
  it('names the image <project>-<service> unless image: says otherwise, and adds build.tags', () => {
    expect(imageNameOf('shop', 'web', {})).toBe('shop-web');
    expect(imageNameOf('shop', 'web', { image: 'registry.local/web:1' })).toBe('registry.local/web:1');
    const b = serviceBuild('shop', 'web', { build: { context: '/src', tags: ['web:extra'] } }, '0.1.0');
    expect(b).toMatchObject({ image: 'shop-web', tags: ['web:extra'], noCache: false, pull: false });
  });

  it('carries compose labels, args over which --build-arg wins, privileged as the insecure entitlement', () => {
    const b = serviceBuild(
      'shop', 'web',
      { build: { context: '/src', dockerfile: 'Dockerfile.dev', args: { A: '1', B: null, C: 'c' }, labels: { l: 'v' }, target: 'dev', network: 'none', privileged: true, no_cache: true, pull: true } },
      '0.1.0',
      parseBuildArgs(['C=cli', 'D']),
    );
    expect(b?.spec).toEqual({
      context: '/src', dockerfile: 'Dockerfile.dev', args: { A: '1', B: null, C: 'cli', D: null }, target: 'dev', network: 'none',
      labels: { l: 'v', 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web', 'com.docker.compose.version': '0.1.0' },
      entitlements: ['security.insecure'],
    });
    expect(b).toMatchObject({ noCache: true, pull: true });
  });

  it('waits for depends_on and for services named by service: contexts; takes the service platform', () => {
    const b = serviceBuild('p', 'app', { platform: 'linux/arm64', depends_on: { db: {} }, build: { context: '/a', additional_contexts: { base: 'service:base', docs: '/docs' } } }, '1');
    expect(b).toMatchObject({ after: ['db', 'base'], contextServices: ['base'] });
    expect(b?.spec.platforms).toEqual(['linux/arm64']);
    expect(b?.spec.additionalContexts).toEqual({ base: 'service:base', docs: '/docs' });
  });

  it('a service without build: has nothing to build', () => {
    expect(serviceBuild('p', 'db', { image: 'postgres' }, '1')).toBeUndefined();
  });
});
