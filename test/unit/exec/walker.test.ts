import { describe, expect, it } from 'vitest';
import { Cancellation } from '../../../src/exec/cancel.js';
import { walkPlan } from '../../../src/exec/walker.js';
import type { Plan } from '../../../src/plan/types.js';

/** A plan of `n` keep operations with the given edges (id -> after). */
function plan(n: number, after: Record<number, number[]> = {}): Plan {
  return {
    project: 'p',
    warnings: [],
    nodes: Array.from({ length: n }, (_, i) => ({ id: i + 1, op: { kind: 'container.keep', name: `c${i + 1}`, service: 's', state: 'running' }, after: after[i + 1] ?? [] })),
  };
}

/** A runner whose operations finish when the test says so. */
function controlled() {
  const started: number[] = [];
  const finishers = new Map<number, (err?: Error) => void>();
  const run = (node: { id: number }) =>
    new Promise<void>((resolve, reject) => {
      started.push(node.id);
      finishers.set(node.id, (err) => (err ? reject(err) : resolve()));
    });
  const finish = async (id: number, err?: Error) => {
    finishers.get(id)?.(err);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { started, run, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('walkPlan', () => {
  it('runs what is ready in parallel, up to the bound, in id order', async () => {
    const c = controlled();
    const walking = walkPlan(plan(4, { 4: [1] }), c.run, { parallel: 2, mode: 'fail-fast' });
    await tick();
    expect(c.started).toEqual([1, 2]);
    await c.finish(2);
    expect(c.started).toEqual([1, 2, 3]);
    await c.finish(1);
    expect(c.started).toEqual([1, 2, 3, 4]);
    await c.finish(3);
    await c.finish(4);
    expect(await walking).toEqual({ done: [1, 2, 3, 4], failed: [], skipped: [], canceled: false });
  });

  it('starts the head of the longest chain first among the ready ones', async () => {
    const c = controlled();
    // 1 and 2 are ready; 2 heads the chain 2 -> 3 -> 4, 1 is a leaf.
    const walking = walkPlan(plan(4, { 3: [2], 4: [3] }), c.run, { parallel: 1, mode: 'fail-fast' });
    await tick();
    expect(c.started).toEqual([2]);
    await c.finish(2);
    expect(c.started).toEqual([2, 3]);
    // Now 1 and 4 are chains of one each: id order.
    await c.finish(3);
    expect(c.started).toEqual([2, 3, 1]);
    await c.finish(1);
    expect(c.started).toEqual([2, 3, 1, 4]);
    await c.finish(4);
    expect((await walking).done).toEqual([1, 2, 3, 4]);
  });

  it('fail-fast: starts nothing new after a failure and skips what depended on it', async () => {
    const c = controlled();
    const walking = walkPlan(plan(4, { 2: [1], 4: [3] }), c.run, { parallel: -1, mode: 'fail-fast' });
    await tick();
    expect(c.started).toEqual([1, 3]);
    await c.finish(1, new Error('boom'));
    await c.finish(3);
    const r = await walking;
    expect(r.failed.map((f) => [f.id, f.error.message])).toEqual([[1, 'boom']]);
    expect(r.done).toEqual([3]);
    expect(r.skipped).toEqual([2, 4]);
  });

  it('best-effort: runs everything and keeps every error', async () => {
    const c = controlled();
    const walking = walkPlan(plan(3, { 3: [1, 2] }), c.run, { parallel: -1, mode: 'best-effort' });
    await tick();
    await c.finish(1, new Error('a'));
    await c.finish(2, new Error('b'));
    expect(c.started).toEqual([1, 2, 3]);
    await c.finish(3);
    const r = await walking;
    expect(r.failed.map((f) => f.error.message)).toEqual(['a', 'b']);
    expect(r.done).toEqual([3]);
  });

  it('a graceful cancel lets running operations finish and starts no more; a forced one aborts their signal', async () => {
    const cancel = new Cancellation();
    const signals: AbortSignal[] = [];
    const c = controlled();
    const walking = walkPlan(plan(3, { 3: [1] }), (node, signal) => {
      signals.push(signal);
      return c.run(node);
    }, { parallel: 1, mode: 'fail-fast', cancel });
    await tick();
    expect(cancel.request()).toBe('graceful');
    expect(signals[0]?.aborted).toBe(false);
    expect(cancel.request()).toBe('force');
    expect(signals[0]?.aborted).toBe(true);
    await c.finish(1);
    const r = await walking;
    expect(r).toMatchObject({ done: [1], skipped: [2, 3], canceled: true });
  });
});
