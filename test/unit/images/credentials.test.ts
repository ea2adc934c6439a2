import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingRunner } from '../../../src/host/command.js';
import { dockerConfigCredentials } from '../../../src/images/registry/credentials.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tscti-creds-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(body: object): string {
  const p = join(dir, 'config.json');
  writeFileSync(p, JSON.stringify(body));
  return p;
}

describe('docker config credentials', () => {
  it('reads auths, with Docker Hub under its v1 index URL', async () => {
    const auth = (s: string) => Buffer.from(s).toString('base64');
    const lookup = dockerConfigCredentials(config({ auths: { 'https://index.docker.io/v1/': { auth: auth('hub:pw') }, 'http://127.0.0.1:5000': { auth: auth('u:p:with:colons') }, 'ghcr.io': { identitytoken: 'tok' } } }), new RecordingRunner());
    expect(await lookup('docker.io')).toEqual({ username: 'hub', password: 'pw' });
    expect(await lookup('127.0.0.1:5000')).toEqual({ username: 'u', password: 'p:with:colons' });
    expect(await lookup('ghcr.io')).toEqual({ username: '', password: '', identityToken: 'tok' });
    expect(await lookup('quay.io')).toBeUndefined();
  });

  it('asks the credential helper a registry names, then credsStore', async () => {
    const runner = new RecordingRunner()
      .reply(/docker-credential-ecr get/, { stdout: '{"ServerURL":"x","Username":"AWS","Secret":"s3"}' })
      .reply(/docker-credential-desktop get/, { exitCode: 1, stdout: 'credentials not found in native keychain' });
    const lookup = dockerConfigCredentials(config({ credHelpers: { 'reg.example': 'ecr' }, credsStore: 'desktop', auths: { 'other.example': { auth: Buffer.from('a:b').toString('base64') } } }), runner);
    expect(await lookup('reg.example')).toEqual({ username: 'AWS', password: 's3' });
    expect(await lookup('other.example')).toEqual({ username: 'a', password: 'b' });
    expect(runner.calls.map((c) => [c.file, c.input])).toEqual([['docker-credential-ecr', 'reg.example'], ['docker-credential-desktop', 'other.example']]);
  });

  it('has nothing without a config file, and names a broken one', async () => {
    expect(await dockerConfigCredentials(join(dir, 'absent.json'), new RecordingRunner())('docker.io')).toBeUndefined();
    writeFileSync(join(dir, 'bad.json'), '{');
    await expect(dockerConfigCredentials(join(dir, 'bad.json'), new RecordingRunner())('docker.io')).rejects.toThrow(/bad\.json/);
  });
});
