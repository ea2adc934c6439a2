/**
 * The launcher (scripts/launcher.cjs) starts Node without V8 flags (any flag
 * costs every built-in module loaded later its compiled code) and turns on
 * the long-run flags when the bundle asks. A cache V8 makes is stamped with
 * the flags of the moment, so code compiled after the switch gets caches of
 * its own and a long run leaves the short runs' caches as they were.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const builtBin = join(root, 'dist', 'tscompose.js');

describe.skipIf(!existsSync(builtBin))('the built bin', () => {
  it('starts Node with no V8 flag', () => {
    expect(readFileSync(builtBin, 'utf8').split('\n')[0]).toMatch(/ node --$/);
  });
});

describe('the launcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsctlaunch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A start-up bundle that asks for a long run when told to, then loads a module from chunk 0.
  const wrap = (code: string) => `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  writeFileSync(join(dir, 'tscompose.js'), readFileSync(join(root, 'scripts', 'launcher.cjs'), 'utf8').replace('const CHUNKS = {};', 'const CHUNKS = {"src/late.ts": 0};'));
  writeFileSync(join(dir, 'tscompose-main.cjs'), wrap(`if (process.env.TSCT_LONG === '1') globalThis[Symbol.for('tscompose.longRun')]();
    process.stdout.write(require('tscompose-lazy:src/late.ts').answer());`));
  writeFileSync(join(dir, 'tscompose-lazy-0.cjs'), wrap(`exports.lazyModules = { 'src/late.ts': () => ({ answer: () => 'late ' + [1, 2, 3].map((x) => x * 2).join(',') }) };`));
  const run = (long: boolean) => spawnSync(process.execPath, [join(dir, 'tscompose.js')], { encoding: 'utf8', env: { PATH: process.env.PATH, TSCT_LONG: long ? '1' : '0' } });
  const caches = () => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.cache')).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

  it('writes caches under the flags each piece of code was compiled with', () => {
    expect(run(true).stdout).toBe('late 2,4,6');
    // main was compiled before the switch, so a cache made at exit would not fit it; the chunk after it gets a long-run cache.
    expect(Object.keys(caches()).sort()).toEqual(['tscompose-lazy-0.cjs.hot.cache']);
    expect(run(false).stdout).toBe('late 2,4,6');
    expect(Object.keys(caches()).sort()).toEqual(['tscompose-lazy-0.cjs.cache', 'tscompose-lazy-0.cjs.hot.cache', 'tscompose-main.cjs.cache']);
  });

  it('leaves every cache as it was once both kinds of run have made theirs', () => {
    const before = caches();
    expect(run(true).stdout).toBe('late 2,4,6');
    expect(run(false).stdout).toBe('late 2,4,6');
    expect(caches()).toEqual(before);
  });
});
