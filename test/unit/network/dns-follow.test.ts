import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followRecords } from '../../../src/network/dns/follow.js';
import type { DnsTable } from '../../../src/network/dns/resolve.js';
import type { DnsServer } from '../../../src/network/dns/server.js';
import { eventually } from '../../support/eventually.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('followRecords', () => {
  it('rebuilds the table once per burst of record writes, on every network', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tsctn-follow-'));
    dirs.push(root);
    mkdirSync(join(root, 'networks', 'abc', 'endpoints'), { recursive: true });
    const updates: DnsTable[] = [];
    const server: DnsServer = { update: async (t) => (updates.push(t), []), listening: () => [], close: async () => undefined };
    let n = 0;
    mkdirSync(join(root, 'netns'));
    const f = followRecords({ networksDir: join(root, 'networks'), sandboxesDir: join(root, 'netns'), server, table: async () => ({ upstreams: [`build ${++n}`], networks: [] }), settleMs: 10 });
    // The first look, when it starts.
    await eventually(() => expect(updates).toHaveLength(1));
    const rec = join(root, 'networks', 'abc', 'endpoints', 'e1.json');
    for (let i = 0; i < 5; i++) {
      writeFileSync(`${rec}.tmp-1`, `{"i":${i}}`);
      renameSync(`${rec}.tmp-1`, rec);
    }
    await eventually(() => expect(updates).toHaveLength(2));
    // A network that appears later is followed too.
    mkdirSync(join(root, 'networks', 'def', 'endpoints'), { recursive: true });
    await eventually(() => expect(updates).toHaveLength(3));
    writeFileSync(join(root, 'networks', 'def', 'endpoints', 'e2.json'), '{}');
    await eventually(() => expect(updates).toHaveLength(4));
    writeFileSync(join(root, 'netns', 's1.json'), '{}');
    await eventually(() => expect(updates).toHaveLength(5));
    expect(updates.map((u) => u.upstreams[0])).toEqual(['build 1', 'build 2', 'build 3', 'build 4', 'build 5']);
    await f.close();
  });
});
