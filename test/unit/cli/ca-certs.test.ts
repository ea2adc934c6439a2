/**
 * The bin starts Node without NODE_EXTRA_CA_CERTS (parsing them was most of
 * Node's start-up) and puts the variable back; every command runs in that
 * one process, and the TLS clients read the file when they first connect.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { send } from '../../../src/images/registry/http.js';
import { trustedCa } from '../../../src/host/tls-ca.js';

const dir = mkdtempSync(join(tmpdir(), 'tscompose-ca-'));

describe('trustedCa', () => {
  it("is Node's default without the variable", () => {
    expect(trustedCa({})).toBeUndefined();
    expect(trustedCa({ NODE_EXTRA_CA_CERTS: '' })).toBeUndefined();
  });

  it("is Node's roots plus the file's certificates", () => {
    const file = join(dir, 'extra.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n');
    const ca = trustedCa({ NODE_EXTRA_CA_CERTS: file }) ?? [];
    expect(ca.length).toBe(rootCertificates.length + 1);
    expect(ca.at(-1)).toContain('not checked here');
  });

  it('warns as Node does and keeps the roots when the file cannot be read', () => {
    const warned: string[] = [];
    expect(trustedCa({ NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }, (m) => warned.push(m))).toBeUndefined();
    expect(warned.join('')).toContain(`Ignoring extra certs from \`${join(dir, 'missing.pem')}\``);
  });
});

const haveOpenssl = spawnSync('sh', ['-c', 'command -v openssl'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!haveOpenssl)('the registry client over TLS', () => {
  it('trusts a certificate authority named only by NODE_EXTRA_CA_CERTS', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_, res) => res.end('{}'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const before = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = cert;
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v2/`;
      const res = await send({ method: 'GET', url, headers: {} }, '127.0.0.1');
      expect(res.status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = before;
      server.close();
    }
  });
});

const bin = resolve(import.meta.dirname, '../../../dist/tscompose.js');

describe.skipIf(!existsSync(bin))('the built bin', () => {
  // A registry nothing listens on, on this machine: asking it fails at once, offline.
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: 127.0.0.1:9/tsct/x:1\n');
  // Node warns at start-up when it cannot load the file: that tells whether Node loaded it.
  const run = (...argv: string[]) => spawnSync(bin, argv, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') } });

  it('gives the user environment back without Node loading the certificates', () => {
    const r = run('config', '--environment');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`NODE_EXTRA_CA_CERTS=${join(dir, 'missing.pem')}\n`);
    expect(r.stdout).not.toContain('TSCOMPOSE_NODE_EXTRA_CA_CERTS');
    expect(r.stderr).not.toContain('Ignoring extra certs');
  });

  it('runs a command that asks a registry in the same process', () => {
    const r = run('config', '--resolve-image-digests');
    // Plain HTTP to a loopback registry: no TLS client, so nothing reads the file.
    expect(r.stderr).not.toContain('Ignoring extra certs');
    expect(r.stderr).toContain('127.0.0.1:9');
    expect(r.status).not.toBe(0);
  });
});
