/**
 * The layer cache across builds (each with a new executor, as separate
 * `tscompose build` runs): an unchanged rebuild takes every step from the
 * cache and gives the same image id; a changed COPY source misses exactly
 * from that COPY on; --no-cache runs everything; a cached layer the store
 * lost is a miss, not a broken image.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, newLab, runIn, skipReason, type Lab } from './support.js';

const DOCKERFILE = `FROM ${BASE}
RUN echo one > /one
COPY first.txt /first.txt
RUN echo two > /two
COPY second.txt /second.txt
RUN cat /first.txt /second.txt > /both
`;

/** The step names that ran and those taken from the cache, from the plain progress. */
function steps(output: string): { ran: string[]; cached: string[] } {
  const names = new Map<string, string>();
  const ran: string[] = [];
  const cached: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^#(\d+) (.*)$/.exec(line);
    if (m === null) continue;
    const [, n = '', rest = ''] = m;
    if (!names.has(n)) names.set(n, rest);
    const name = names.get(n) ?? '';
    if (!/^\[\d\/\d\] (RUN|COPY)/.test(name)) continue;
    if (rest === 'CACHED') cached.push(name.replace(/^\[\d\/\d\] /, ''));
    else if (rest.startsWith('DONE')) ran.push(name.replace(/^\[\d\/\d\] /, ''));
  }
  return { ran, cached };
}

describe.skipIf(skipReason !== undefined)('the layer cache', () => {
  let lab: Lab;
  let ctx: string;
  let first: string;

  beforeAll(async () => {
    lab = await newLab();
    ctx = lab.context({ Dockerfile: DOCKERFILE, 'first.txt': 'first\n', 'second.txt': 'second\n' });
    const r = await lab.build({ context: ctx }, { tags: ['tsctb-cache:1'] });
    expect(steps(r.output)).toEqual({ ran: ['RUN echo one > /one', 'COPY first.txt /first.txt', 'RUN echo two > /two', 'COPY second.txt /second.txt', 'RUN cat /first.txt /second.txt > /both'], cached: [] });
    first = r.result.imageId;
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('an unchanged rebuild takes every step from the cache and gives the same image', async () => {
    const r = await lab.build({ context: ctx }, { tags: ['tsctb-cache:1'] });
    expect(steps(r.output).ran).toEqual([]);
    expect(r.result).toMatchObject({ cached: 5, executed: 0, imageId: first });
  });

  it('a changed COPY source misses exactly from that COPY on', async () => {
    writeFileSync(join(ctx, 'second.txt'), 'changed\n');
    const r = await lab.build({ context: ctx }, { tags: ['tsctb-cache:1'] });
    expect(steps(r.output)).toEqual({ cached: ['RUN echo one > /one', 'COPY first.txt /first.txt', 'RUN echo two > /two'], ran: ['COPY second.txt /second.txt', 'RUN cat /first.txt /second.txt > /both'] });
    expect(r.result.imageId).not.toBe(first);
    expect((await runIn(lab, 'tsctb-cache:1', ['cat', '/both'])).stdout).toBe('first\nchanged\n');
    // Putting the old content back finds the old layers again.
    writeFileSync(join(ctx, 'second.txt'), 'second\n');
    const back = await lab.build({ context: ctx }, { tags: ['tsctb-cache:1'] });
    expect(back.result).toMatchObject({ executed: 0, imageId: first });
  });

  it('a file mode change is a change too', async () => {
    const c2 = lab.context({ Dockerfile: DOCKERFILE, 'first.txt': { data: 'first\n', mode: 0o600 }, 'second.txt': 'second\n' });
    const r = await lab.build({ context: c2 });
    expect(steps(r.output).cached).toEqual(['RUN echo one > /one']);
  });

  it('--no-cache runs every step and writes a new image', async () => {
    const r = await lab.build({ context: ctx }, { tags: ['tsctb-cache:1'], noCache: true });
    expect(r.result).toMatchObject({ cached: 0, executed: 5 });
    expect(r.result.imageId).not.toBe(first);
  });

  it('a cached layer the store lost is a miss', async () => {
    const img = await lab.store.get('tsctb-cache:1');
    const last = img?.config.rootfs.diff_ids.at(-1) as string;
    await lab.store.remove('tsctb-cache:1');
    rmSync(join(lab.store.layers.dir, last.slice(7)), { recursive: true, force: true });
    const r = await lab.build({ context: ctx }, { tags: ['tsctb-cache:2'] });
    expect(steps(r.output).ran).toEqual(['RUN cat /first.txt /second.txt > /both']);
    expect((await runIn(lab, 'tsctb-cache:2', ['cat', '/both'])).stdout).toBe('first\nsecond\n');
  });

  it('image rm keeps the cached layers (the cache holds them)', async () => {
    await lab.store.remove('tsctb-cache:2');
    const r = await lab.build({ context: ctx }, { tags: ['tsctb-cache:3'] });
    expect(r.result.executed).toBe(0);
  });
});
