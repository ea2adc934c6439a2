import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readTar } from '../../../src/images/tar/reader.js';
import { chunked, netRawCapability, tarOf } from '../../support/images/layer-builder.js';

async function read(b: Buffer, chunk = 333) {
  const out = [];
  for await (const { entry, body } of readTar(chunked(b, chunk))) {
    const parts: Buffer[] = [];
    for await (const c of body) parts.push(c);
    out.push({ ...entry, body: Buffer.concat(parts).toString() });
  }
  return out;
}

describe('tar reader and writer', () => {
  it('round-trips long names, links, devices and binary xattrs', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(130)}`;
    const entries = await read(
      tarOf([
        { name: long, type: 'file', body: 'x'.repeat(1000), mode: 0o4755, uid: 70000000, gid: 5 },
        { name: 'l', type: 'symlink', linkname: `/${'t'.repeat(200)}` },
        { name: 'h', type: 'link', linkname: long },
        { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3 },
        { name: 'cap', type: 'file', body: 'c', xattrs: new Map([['security.capability', netRawCapability()], ['user.ü', Buffer.from([0, 255, 10])]]) },
      ]),
    );
    expect(entries.map((e) => [e.name, e.type])).toEqual([[long, 'file'], ['l', 'symlink'], ['h', 'link'], ['dev/null', 'char'], ['cap', 'file']]);
    expect(entries[0]).toMatchObject({ mode: 0o4755, uid: 70000000, gid: 5, size: 1000, body: 'x'.repeat(1000) });
    expect(entries[1]?.linkname).toBe(`/${'t'.repeat(200)}`);
    expect(entries[2]?.linkname).toBe(long);
    expect(entries[3]).toMatchObject({ devmajor: 1, devminor: 3 });
    expect(entries[4]?.xattrs.get('security.capability')).toEqual(netRawCapability());
    expect(entries[4]?.xattrs.get('user.ü')).toEqual(Buffer.from([0, 255, 10]));
  });

  it('skips bodies the reader does not consume, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 700 }), { maxLength: 6 }), fc.integer({ min: 1, max: 2000 }), async (bodies, chunk) => {
        const tar = tarOf(bodies.map((b, i) => ({ name: `f${i}`, type: 'file' as const, body: b })));
        const names: string[] = [];
        for await (const { entry } of readTar(chunked(tar, chunk))) names.push(entry.name);
        expect(names).toEqual(bodies.map((_, i) => `f${i}`));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses what is not a tar', async () => {
    await expect(read(Buffer.from('hello world'.repeat(100)))).rejects.toThrow('not a tar archive');
  });
});
