import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectArchive } from '../../../src/build/plan/archive-detect.js';
import { applyChmod, parseChmod } from '../../../src/build/plan/chmod.js';
import { resolveOwner } from '../../../src/build/plan/chown.js';
import { formatPlatform, parsePlatform } from '../../../src/build/plan/platform.js';
import { parseExposedPort } from '../../../src/build/plan/ports.js';
import { normalizeReference } from '../../../src/build/plan/reference.js';
import { checkSignal } from '../../../src/build/plan/signal.js';

const host = { os: 'linux', architecture: 'amd64' };

describe('platforms (containerd platforms.Parse / Format)', () => {
  const cases: Array<[string, string]> = [
    ['linux/amd64', 'linux/amd64'], ['linux/x86_64', 'linux/amd64'], ['linux/aarch64', 'linux/arm64'], ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm', 'linux/arm'], ['linux/armhf', 'linux/arm'], ['linux/arm/v6', 'linux/arm/v6'], ['arm64', 'linux/arm64'], ['linux', 'linux/amd64'], ['LINUX/AMD64', 'linux/amd64'],
  ];
  for (const [spec, want] of cases) it(`${spec} -> ${want}`, () => expect(formatPlatform(parsePlatform(spec, host))).toBe(want));
  it('refuses nonsense', () => expect(() => parsePlatform('linux/amd64/v1/x', host)).toThrow('cannot parse platform specifier'));
});

describe('image references (distribution/reference normalization)', () => {
  const cases: Array<[string, string]> = [
    ['alpine', 'docker.io/library/alpine:latest'], ['alpine:3.20', 'docker.io/library/alpine:3.20'], ['user/app', 'docker.io/user/app:latest'],
    ['localhost:5000/app:1', 'localhost:5000/app:1'], ['ghcr.io/org/app', 'ghcr.io/org/app:latest'],
    [`alpine@sha256:${'a'.repeat(64)}`, `docker.io/library/alpine@sha256:${'a'.repeat(64)}`],
  ];
  for (const [ref, want] of cases) it(`${ref} -> ${want}`, () => expect(normalizeReference(ref)).toBe(want));
  it('refuses bad tags and names', () => {
    expect(() => normalizeReference('alpine:-x')).toThrow('invalid reference format');
    expect(() => normalizeReference('a//b')).toThrow('invalid reference format');
  });
});

describe('--chown resolution against the stage\'s passwd and group', () => {
  const passwd = 'root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n';
  const group = 'root:x:0:\nstaff:x:50:\n';
  const cases: Array<[string, number, number]> = [['1000', 1000, 1000], ['1000:50', 1000, 50], ['app', 1000, 1001], ['app:staff', 1000, 50], ['root:staff', 0, 50], ['ghost', 0, 0], [':50', 0, 50]];
  for (const [spec, uid, gid] of cases) it(`${spec} -> ${uid}:${gid}`, () => expect(resolveOwner(spec, passwd, group)).toEqual({ uid, gid }));
  it('names resolve to 0 when the image has no passwd', () => expect(resolveOwner('app', undefined, undefined)).toEqual({ uid: 0, gid: 0 }));
});

describe('--chmod', () => {
  it('takes octal and symbolic modes', () => {
    expect(applyChmod(parseChmod('0640'), 0o777, false)).toBe(0o640);
    expect(applyChmod(parseChmod('u+x,go-w'), 0o666, false)).toBe(0o744);
    expect(applyChmod(parseChmod('a+X'), 0o644, true)).toBe(0o755);
    expect(applyChmod(parseChmod('a+X'), 0o644, false)).toBe(0o644);
    expect(applyChmod(parseChmod('g=u'), 0o700, false)).toBe(0o770);
  });
  it('refuses what is neither', () => {
    expect(() => parseChmod('8')).toThrow("invalid chmod parameter: '8'");
    expect(() => parseChmod('10000')).toThrow('between 0 and 07777');
    expect(() => parseChmod('u+q')).toThrow("invalid chmod parameter: 'u+q'");
  });
});

describe('ADD archive detection by content', () => {
  const tarHeader = (): Uint8Array => {
    const h = new Uint8Array(1024);
    h.set(new TextEncoder().encode('file.txt'), 0);
    h.set(new TextEncoder().encode('0000644\0'), 100);
    h.set(new TextEncoder().encode('00000000000\0'), 124);
    h.set(new TextEncoder().encode('ustar\0'), 257);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
    h.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    return h;
  };
  it('knows tar, gzip of tar, and not a gzip of something else', () => {
    expect(detectArchive(tarHeader())).toBe('tar');
    expect(detectArchive(gzipSync(tarHeader()))).toBe('gzip');
    expect(detectArchive(gzipSync(new TextEncoder().encode('not a tar')))).toBeUndefined();
    expect(detectArchive(new TextEncoder().encode('plain text'))).toBeUndefined();
  });
});

describe('EXPOSE and STOPSIGNAL values', () => {
  it('expands ranges and lowercases the protocol', () => {
    expect(parseExposedPort('8000-8002/TCP')).toEqual(['8000/tcp', '8001/tcp', '8002/tcp']);
    expect(parseExposedPort('127.0.0.1:80:8080/udp')).toEqual(['8080/udp']);
    expect(() => parseExposedPort('9000-8000')).toThrow('invalid containerPort: 9000-8000');
  });
  it('accepts signal names with or without SIG and numbers', () => {
    for (const s of ['SIGTERM', 'term', 'SIGRTMIN+3', '9']) expect(() => checkSignal(s)).not.toThrow();
    for (const s of ['SIGNOPE', '0']) expect(() => checkSignal(s)).toThrow(`Invalid signal: ${s}`);
  });
});
