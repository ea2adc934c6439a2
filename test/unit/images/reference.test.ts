import { describe, expect, it } from 'vitest';
import { familiarString, normalizeReference, parseReference } from '../../../src/images/reference.js';
import { storeKey } from '../../../src/images/store/store.js';

describe('image references, normalised as docker does', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['library/nginx', 'docker.io/library/nginx:latest'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/a/b/c:t', 'localhost:5000/a/b/c:t'],
    ['127.0.0.1:5000/x', '127.0.0.1:5000/x:latest'],
    ['ghcr.io/o/r:v-1.2_3', 'ghcr.io/o/r:v-1.2_3'],
    [`nginx@sha256:${'a'.repeat(64)}`, `docker.io/library/nginx@sha256:${'a'.repeat(64)}`],
    [`nginx:1@sha256:${'b'.repeat(64)}`, `docker.io/library/nginx:1@sha256:${'b'.repeat(64)}`],
  ];
  it.each(cases)('%s is %s', (ref, want) => expect(normalizeReference(ref)).toBe(want));

  it('prints the familiar form back', () => {
    expect(familiarString(parseReference('docker.io/library/nginx:latest'))).toBe('nginx:latest');
    expect(familiarString(parseReference('docker.io/bitnami/redis:7'))).toBe('bitnami/redis:7');
    expect(familiarString(parseReference('localhost:5000/x:1'))).toBe('localhost:5000/x:1');
  });

  it('keys digest references without their tag', () => {
    expect(storeKey(`nginx:1@sha256:${'c'.repeat(64)}`)).toBe(`docker.io/library/nginx@sha256:${'c'.repeat(64)}`);
  });

  it.each([['Nginx', /must be lowercase/], ['a:b:c', /invalid reference format/], ['', /invalid reference format/], ['nginx:', /invalid reference format/], ['a'.repeat(64).replace(/a/g, 'f'), /64-byte hexadecimal/], ['x/Y', /lowercase/]])(
    'refuses %j',
    (ref, msg) => expect(() => parseReference(ref)).toThrow(msg),
  );
});
