/** The debouncer: a batch once the quiet period passed after the last event, each path once, on a fake clock. */
import { describe, expect, it } from 'vitest';
import { Debouncer, type Timers } from '../../../src/watch/debounce.js';

class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.due.delete(h as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.now) {
        this.due.delete(id);
        t.fn();
      }
    }
  }
}

function setup(): { t: FakeTimers; d: Debouncer; batches: string[][] } {
  const t = new FakeTimers();
  const batches: string[][] = [];
  return { t, d: new Debouncer((b) => batches.push(b), 500, t), batches };
}

describe('Debouncer', () => {
  it('hands over nothing before the quiet period, then one batch', () => {
    const { t, d, batches } = setup();
    d.add('/a');
    t.advance(499);
    expect(batches).toEqual([]);
    t.advance(1);
    expect(batches).toEqual([['/a']]);
  });

  it('each event restarts the quiet period; a burst is one batch', () => {
    const { t, d, batches } = setup();
    for (let i = 0; i < 10; i++) {
      d.add(`/f${i % 3}`);
      t.advance(300);
    }
    expect(batches).toEqual([]);
    t.advance(200);
    expect(batches).toHaveLength(1);
  });

  it('a path seen twice is in the batch once, at its latest place', () => {
    const { t, d, batches } = setup();
    d.add('/a');
    d.add('/b');
    d.add('/a');
    t.advance(500);
    expect(batches).toEqual([['/b', '/a']]);
  });

  it('events after a batch start the next one', () => {
    const { t, d, batches } = setup();
    d.add('/a');
    t.advance(500);
    d.add('/b');
    t.advance(500);
    expect(batches).toEqual([['/a'], ['/b']]);
  });

  it('cancel drops what is pending; drain hands it over now', () => {
    const { t, d, batches } = setup();
    d.add('/a');
    d.cancel();
    t.advance(1000);
    expect(batches).toEqual([]);
    d.add('/b');
    d.drain();
    expect(batches).toEqual([['/b']]);
  });
});
