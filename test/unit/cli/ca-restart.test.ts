/**
 * The bin starts Node without NODE_EXTRA_CA_CERTS (most of Node's start-up)
 * and puts it back: commands declared offline run at once, every other one
 * runs again in a process that loads the certificates.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('commands that may need the extra CA certificates', () => {
  const restarted: string[][] = [];
  const io = (argv: string[]) => ({
    restartWithCaCerts: async () => {
      restarted.push(argv);
      return 7;
    },
  });

  it.each([
    [['version']],
    [['config', '--format', 'json']],
  ])('%j runs in this process', async (argv) => {
    restarted.length = 0;
    const r = await cli(argv, { ...io(argv), cwd: '/nonexistent' });
    expect(restarted).toEqual([]);
    expect(r.code).not.toBe(7);
  });

  it.each([
    [['config', '--resolve-image-digests']],
    [['images']],
    [['pull']],
    [['up']],
  ])('%j runs again with them, with its exit code', async (argv) => {
    restarted.length = 0;
    expect((await cli(argv, io(argv))).code).toBe(7);
    expect(restarted).toEqual([argv]);
  });

  it('help and unknown commands never restart', async () => {
    restarted.length = 0;
    await cli(['--help'], io([]));
    await cli(['nosuch'], io([]));
    expect(restarted).toEqual([]);
  });
});

const bin = resolve(import.meta.dirname, '../../../dist/tscompose.js');

describe.skipIf(!existsSync(bin))('the built bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tscompose-ca-'));
  // A registry nothing listens on, on this machine: asking it fails at once, offline.
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: 127.0.0.1:9/tsct/x:1\n');
  // Node warns at start-up when it cannot load the file: that tells which process loaded it.
  const run = (...argv: string[]) => spawnSync(bin, argv, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') } });

  it('gives the user environment back, without loading the certificates for an offline command', () => {
    const r = run('config', '--environment');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`NODE_EXTRA_CA_CERTS=${join(dir, 'missing.pem')}\n`);
    expect(r.stdout).not.toContain('TSCOMPOSE_NODE_EXTRA_CA_CERTS');
    expect(r.stderr).not.toContain('Ignoring extra certs');
  });

  it('runs a command that may use TLS in a process that loads them', () => {
    const r = run('config', '--resolve-image-digests');
    expect(r.stderr).toContain('Ignoring extra certs');
    // The child's failure (the registry cannot be reached) is the bin's.
    expect(r.stderr).toContain('127.0.0.1:9');
    expect(r.status).not.toBe(0);
  });
});
