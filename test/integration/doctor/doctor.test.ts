/**
 * `tscompose doctor` on this very machine, through the built CLI: every
 * check answers, none fails on a host that runs the other tiers, the kernel
 * facts it reports are the ones the kernel gives, and the test bridge and
 * veth it makes are gone afterwards.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const CLI = join(resolve(import.meta.dirname, '..', '..', '..'), 'dist', 'tscompose.js');
const isRoot = process.getuid?.() === 0;

interface Result {
  name: string;
  verdict: 'ok' | 'warn' | 'fail';
  detail: string;
}

describe.skipIf(!isRoot)('tscompose doctor on this host', () => {
  it('answers every check, fails none, and reports what the kernel says', async () => {
    const { stdout } = await exec(CLI, ['doctor', '--format', 'json']);
    const results = JSON.parse(stdout) as Result[];
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(results.filter((r) => r.verdict === 'fail')).toEqual([]);
    expect(by.kernel?.detail).toBe(release());
    const backend = /\(nf_tables\)/.test((await exec('iptables', ['--version'])).stdout) ? 'nft' : 'legacy';
    expect(by.iptables?.detail).toContain(`the ${backend} backend`);
    expect(by.route_localnet?.verdict).toBe('ok');
    expect(by['ip forwarding']?.detail).toMatch(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim() === '1' ? /^on$/ : /^off/);
    expect(by.runtime?.detail).toMatch(/^tscompose-runtime \d+\.\d+\.\d+ \(/);
    expect(by.overlayfs?.verdict).toBe('ok');
    const { stdout: links } = await exec('ip', ['-o', 'link', 'show']);
    expect(links).not.toMatch(/tscdoc/);
  });
});
