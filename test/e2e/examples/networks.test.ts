/**
 * examples/networks shows the isolation its README claims: `web` (frontend)
 * reaches `api` by name, `api` (both networks) reaches `store` by its alias
 * `db`, and `store` is neither resolvable nor reachable by address from
 * `web`; `backend` is internal, so `store` has no way off its bridge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLab, isRoot, serviceStates, type ExampleLab } from './support.js';

describe.skipIf(!isRoot)('examples/networks, as its README runs it', () => {
  let lab: ExampleLab;
  let storeIp = '';

  beforeAll(async () => {
    lab = await exampleLab('networks');
    await lab.ok('up', '-d');
    const addr = await lab.ok('exec', '-T', 'store', 'ip', '-4', '-o', 'addr', 'show', 'eth0');
    storeIp = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(addr)?.[1] ?? '';
  }, 180_000);

  afterAll(async () => {
    await lab?.cleanup();
  }, 120_000);

  it('runs the three services', async () => {
    expect(await serviceStates(lab)).toEqual(['api running', 'store running', 'web running']);
    expect(storeIp).not.toBe('');
  });

  it('web reaches api by name on frontend', async () => {
    expect(await lab.ok('exec', '-T', 'web', 'wget', '-qO-', 'http://api')).toBe('api\n');
  });

  it('api reaches store by its alias db on backend, and by address', async () => {
    expect(await lab.ok('exec', '-T', 'api', 'wget', '-qO-', 'http://db')).toBe('store\n');
    expect(await lab.ok('exec', '-T', 'api', 'wget', '-qO-', `http://${storeIp}`)).toBe('store\n');
  });

  it('store is not resolvable from web', async () => {
    const r = await lab.cli(['exec', '-T', 'web', 'nslookup', 'store']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('NXDOMAIN');
  });

  it('store is not reachable from web by its address either (the bridges are isolated)', async () => {
    // busybox's wget -T crashes on Debian's build; timeout(1) bounds the attempt instead (143: killed by it).
    const r = await lab.cli(['exec', '-T', 'web', 'timeout', '3', 'wget', '-qO-', `http://${storeIp}`]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain('store');
  });

  it('store, on the internal backend only, has no route off its bridge', async () => {
    const routes = await lab.ok('exec', '-T', 'store', 'ip', 'route');
    expect(routes).not.toMatch(/^default/m);
    const web = await lab.ok('exec', '-T', 'web', 'ip', 'route');
    expect(web).toMatch(/^default via/m);
  });
});
