/**
 * cp through the whole command line, both directions, on a busybox
 * container: a tree with modes, a symbolic link and an empty file makes the
 * round trip; owners are the container root's unless -a; `-` is a tar
 * stream; `/.` copies contents; a link in the container never sends a
 * write to the host.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../unit/cli/run-cli.js';
import { newServiceLab, skipReason, type ServiceLab } from './support.js';

describe.skipIf(skipReason !== undefined)(`cp on a real container${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: ServiceLab;
  let rootfs = '';
  const run = (argv: string[], stdin?: Buffer) => cli(['--progress', 'plain', ...argv], { env: lab.env, cwd: lab.dir, ...(stdin === undefined ? {} : { stdinStream: () => Readable.from([stdin]) }) });

  beforeAll(async () => {
    lab = newServiceLab({ web: [] });
    const id = await lab.container('web', ['sleep', '600']);
    rootfs = (await lab.engine.inspect(id)).paths.rootfs;
    const tree = join(lab.dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'run.sh'), '#!/bin/sh\necho hi\n');
    chmodSync(join(tree, 'run.sh'), 0o750);
    writeFileSync(join(tree, 'sub', 'secret'), 'key');
    chmodSync(join(tree, 'sub', 'secret'), 0o600);
    writeFileSync(join(tree, 'empty'), '');
    chownSync(join(tree, 'empty'), 1234, 1235);
    symlinkSync('sub/secret', join(tree, 'link'));
    symlinkSync('/', join(rootfs, 'evil'));
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('copies a tree in (owned by the container`s root) and back out, modes and links kept', async () => {
    const into = await run(['cp', './tree', 'web:/data']);
    expect(into.code, into.stderr).toBe(0);
    expect(into.stderr).toContain(`${lab.project}-web-1 copy ./tree to ${lab.project}-web-1:/data Copied`);
    expect(lstatSync(join(rootfs, 'data', 'run.sh')).mode & 0o7777).toBe(0o750);
    expect(lstatSync(join(rootfs, 'data', 'sub', 'secret')).mode & 0o7777).toBe(0o600);
    expect(readlinkSync(join(rootfs, 'data', 'link'))).toBe('sub/secret');
    expect(lstatSync(join(rootfs, 'data', 'empty'))).toMatchObject({ uid: 0, gid: 0, size: 0 });
    expect((await run(['exec', '-T', 'web', 'cat', '/data/link'])).stdout).toBe('key');
    const out = await run(['cp', 'web:/data', './back']);
    expect(out.code, out.stderr).toBe(0);
    expect(readFileSync(join(lab.dir, 'back', 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(lstatSync(join(lab.dir, 'back', 'run.sh')).mode & 0o7777).toBe(0o750);
    expect(readlinkSync(join(lab.dir, 'back', 'link'))).toBe('sub/secret');
    // An existing directory receives the source under its own name.
    expect((await run(['cp', 'web:/data/sub', './back'])).code).toBe(0);
    expect(readFileSync(join(lab.dir, 'back', 'sub', 'secret'), 'utf8')).toBe('key');
  });

  it('-a keeps the host`s owners; /. copies a directory`s contents', async () => {
    expect((await run(['cp', '-a', './tree/.', 'web:/tmp'])).code).toBe(0);
    expect(lstatSync(join(rootfs, 'tmp', 'empty'))).toMatchObject({ uid: 1234, gid: 1235 });
    expect(existsSync(join(rootfs, 'tmp', 'run.sh'))).toBe(true);
  });

  it('- writes a tar stream out and reads one in', async () => {
    const out = await run(['cp', 'web:/data/sub', '-']);
    expect(out.code, out.stderr).toBe(0);
    const listing = execFileSync('tar', ['-tvf', '-'], { input: Buffer.from(out.stdout, 'latin1'), encoding: 'utf8' });
    expect(listing).toMatch(/^drwx.* sub\/\n-rw------- .* sub\/secret\n$/);
    const tar = execFileSync('tar', ['-cf', '-', '-C', join(lab.dir, 'tree'), 'run.sh', 'link']);
    expect((await run(['cp', '-', 'web:/srv'], tar)).stderr).toMatch(/Could not find the file \/srv in container/);
    mkdirSync(join(rootfs, 'srv'));
    const into = await run(['cp', '-', 'web:/srv'], tar);
    expect(into.code, into.stderr).toBe(0);
    expect(readlinkSync(join(rootfs, 'srv', 'link'))).toBe('sub/secret');
    expect(lstatSync(join(rootfs, 'srv', 'run.sh')).mode & 0o7777).toBe(0o750);
  });

  it('a link in the container resolves inside it, never on the host', async () => {
    writeFileSync(join(lab.dir, 'tsctul-probe'), 'inside');
    expect((await run(['cp', './tsctul-probe', 'web:/evil/etc/'])).code).toBe(0);
    expect(readFileSync(join(rootfs, 'etc', 'tsctul-probe'), 'utf8')).toBe('inside');
    expect(existsSync('/etc/tsctul-probe')).toBe(false);
    expect(await run(['cp', 'web:/nope', './x'])).toMatchObject({ code: 1, stderr: expect.stringContaining(`Could not find the file /nope in container ${lab.project}-web-1`) });
    expect((await run(['cp', 'web:/a', 'web:/b'])).stderr).toContain('copying between services is not supported');
  });
});
