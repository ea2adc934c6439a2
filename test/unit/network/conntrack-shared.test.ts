/**
 * sharedDumps: flushes asked together share one dump of the table (each
 * dump walks the kernel's whole hash table), each entry goes once whatever
 * flushes match it, each flush hears its own count, and a flush asked while
 * a dump runs waits for the next one (that dump may have passed its entries).
 */
import { describe, expect, it } from 'vitest';
import { involving, sharedDumps } from '../../../src/network/conntrack.js';
import { parseAddr, type Addr } from '../../../src/network/ip.js';
import type { CtEntry } from '../../../src/network/rtnl/conntrack-msg.js';

const addr = (s: string): Addr => parseAddr(s) as Addr;
const entry = (src: string, dst: string): CtEntry => ({ family: src.includes(':') ? 6 : 4, orig: { src: addr(src), dst: addr(dst) }, reply: { src: addr(dst), dst: addr(src) }, key: Buffer.from(`${src}>${dst}`) });

function table(...entries: CtEntry[]) {
  const rows = [...entries];
  const dumps: number[] = [];
  const removed: string[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const dump = async (family: 4 | 6): Promise<CtEntry[]> => {
    dumps.push(family);
    if (hold) await new Promise<void>((r) => (release = r));
    return rows.filter((e) => e.family === family);
  };
  const remove = async (e: CtEntry): Promise<void> => {
    removed.push(e.key.toString());
    rows.splice(rows.indexOf(e), 1);
  };
  return { rows, dumps, removed, flush: sharedDumps(dump, remove), hold: () => (hold = true), release: () => release?.() };
}

describe('sharedDumps', () => {
  it('serves flushes asked together with one dump, removing each entry once', async () => {
    const t = table(entry('172.18.0.2', '1.1.1.1'), entry('172.18.0.3', '172.18.0.2'), entry('10.0.0.9', '10.0.0.8'));
    const counts = await Promise.all([t.flush([4], involving(addr('172.18.0.2'))), t.flush([4], involving(addr('172.18.0.3')))]);
    expect(t.dumps).toEqual([4]);
    expect(counts).toEqual([2, 1]);
    expect(t.removed).toEqual(['172.18.0.2>1.1.1.1', '172.18.0.3>172.18.0.2']);
    expect(t.rows.map((e) => e.key.toString())).toEqual(['10.0.0.9>10.0.0.8']);
  });

  it('makes a flush asked during a dump wait for a dump of its own', async () => {
    const t = table(entry('172.18.0.2', '1.1.1.1'));
    t.hold();
    const first = t.flush([4], involving(addr('172.18.0.9')));
    await new Promise((r) => setImmediate(r));
    expect(t.dumps).toEqual([4]);
    const second = t.flush([4], involving(addr('172.18.0.2')));
    await new Promise((r) => setImmediate(r));
    expect(t.dumps).toEqual([4]);
    t.release();
    expect(await first).toBe(0);
    await new Promise((r) => setImmediate(r));
    t.release();
    expect(await second).toBe(1);
    expect(t.dumps).toEqual([4, 4]);
  });

  it('dumps each family asked for, and rejects every flush of a failed dump', async () => {
    const failing = sharedDumps(async () => {
      throw new Error('ctnetlink: EPERM');
    }, async () => undefined);
    await expect(Promise.all([failing([4, 6], () => true), failing([4], () => true)])).rejects.toThrow('ctnetlink: EPERM');
    const t = table(entry('172.18.0.2', '1.1.1.1'), entry('fd00::2', 'fd00::1'));
    expect(await t.flush([4, 6], () => true)).toBe(2);
    expect(t.dumps.sort()).toEqual([4, 6]);
  });
});
