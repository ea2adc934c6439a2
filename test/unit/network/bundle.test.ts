import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script without type declarations
import { bundleCli } from '../../../scripts/build.mjs';

const root = resolve(new URL('../../..', import.meta.url).pathname);
// Inside dist/ so the bundle finds node_modules/netlink the way dist/tscompose.js does.
const out = join(root, 'dist', '.netlink-check', 'tscompose.js');
afterAll(() => rmSync(join(root, 'dist', '.netlink-check'), { recursive: true, force: true }));

describe('the bundle and the netlink addon', () => {
  it('leaves netlink out of the bundle and loads it from node_modules at run time', async () => {
    await (bundleCli as (entry: string, out: string) => Promise<number>)(join(root, 'test', 'support', 'network', 'netlink-entry.ts'), out);
    const code = readFileSync(join(root, 'dist', '.netlink-check', 'tscompose-main.cjs'), 'utf8');
    // Its raw socket only: the package's index would load every protocol's decoders too.
    expect(code).toContain('require("netlink/dist/netlink.js")');
    expect(code).not.toContain('require("netlink")');
    expect(code).not.toContain('node-gyp-build');
    const names = JSON.parse(execFileSync(process.execPath, [out], { encoding: 'utf8' })) as string[];
    expect(names).toContain('lo');
  }, 60_000);
});
