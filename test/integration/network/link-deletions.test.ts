/**
 * The kernel's link notices (rtnl/link-deletions.ts) on the real kernel: a
 * veth whose peer lives in a throwaway namespace goes with that namespace,
 * and the watch taken before hears it without asking; a name that never
 * existed is reported left once the wait ends. The veth is made in the
 * test's namespace with a unique tsctnd prefix and removed even on failure.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openHostLinks, type HostLinks } from '../../../src/network/rtnl/host-links.js';

const root = process.getuid?.() === 0;
const rand = Math.random().toString(16).slice(2, 8);
const ns = `tsctn-del-${rand}`;
const veth = `tsctnd${rand}`;
const quiet = { stdio: 'ignore' as const };

let links: HostLinks | undefined;
afterEach(() => {
  links?.close();
  links = undefined;
  try {
    execFileSync('ip', ['link', 'del', veth], quiet);
  } catch {
    // Gone with its namespace, as it should be.
  }
  try {
    execFileSync('ip', ['netns', 'del', ns], quiet);
  } catch {
    // Deleted by the test.
  }
});

describe.skipIf(!root)(`link deletion notices${root ? '' : ' (skipped: needs root)'}`, () => {
  it('hears a veth go with its peer`s namespace, and names what never went', async () => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    links = await openHostLinks();
    const watch = await links.watchDeletions?.([veth, `${veth}x`]);
    expect(watch).toBeDefined();
    expect(await watch?.left([veth], 50)).toEqual([veth]);
    execFileSync('ip', ['netns', 'del', ns]);
    const t = Date.now();
    expect(await watch?.left([veth], 5000)).toEqual([]);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(await links.getLink(veth)).toBeUndefined();
    expect(await watch?.left([veth, `${veth}x`], 50)).toEqual([`${veth}x`]);
    watch?.close();
    // A closed watch no longer waits.
    expect(await watch?.left([`${veth}x`], 5000)).toEqual([`${veth}x`]);
  });
});
