/** The network chunks of a layer, gathered into batches of at least a given size, none lost or reordered. */
import { describe, expect, it } from 'vitest';
import { batched } from '../../../src/images/pull-layer.js';

async function* chunks(sizes: number[]): AsyncGenerator<Buffer> {
  let n = 0;
  for (const size of sizes) yield Buffer.from(Array.from({ length: size }, () => n++ & 0xff));
}

async function collect(sizes: number[], bytes: number): Promise<Buffer[][]> {
  const out: Buffer[][] = [];
  for await (const b of batched(chunks(sizes), bytes)) out.push(b);
  return out;
}

describe('batched', () => {
  it('gathers chunks until a batch holds the size, and hands the rest over at the end', async () => {
    const out = await collect([3, 4, 5, 1, 2], 6);
    expect(out.map((b) => b.map((c) => c.length))).toEqual([[3, 4], [5, 1], [2]]);
    const all = Buffer.concat(out.flat());
    expect([...all]).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('passes a chunk larger than the size through alone, and yields nothing for nothing', async () => {
    expect((await collect([10, 1], 4)).map((b) => b.map((c) => c.length))).toEqual([[10], [1]]);
    expect(await collect([], 4)).toEqual([]);
  });
});
