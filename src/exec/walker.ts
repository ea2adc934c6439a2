/**
 * Walks a plan's DAG: an operation starts as soon as everything it waits
 * for succeeded, up to `parallel` at a time (-1: no bound). Among the ready
 * ones, the head of the longest chain still to run goes first, then id
 * order: in a `down` of a chain the next stop starts before the removal of
 * the container just stopped, whose synchronous part would otherwise hold
 * up the critical path. It decides nothing about what the operations do.
 *
 * `fail-fast` (up): after a failure no new operation starts and the ones
 * depending on a failed one are skipped. `best-effort` (down): every
 * operation runs whatever happened before it, and every error is kept.
 * A graceful cancellation stops starting operations; a forced one also
 * aborts the running ones through the signal they receive.
 */
import { sharedSignal, type Cancellation } from './cancel.js';
import type { Plan, PlanNode } from '../plan/types.js';

export type WalkMode = 'fail-fast' | 'best-effort';

export interface WalkOptions {
  parallel: number;
  mode: WalkMode;
  cancel?: Cancellation;
}

export interface WalkResult {
  done: number[];
  failed: Array<{ id: number; error: Error }>;
  /** Not run: a dependency failed, the run failed fast, or it was canceled. */
  skipped: number[];
  canceled: boolean;
}

export type NodeRunner = (node: PlanNode, signal: AbortSignal) => Promise<void>;

export async function walkPlan(plan: Plan, run: NodeRunner, opts: WalkOptions): Promise<WalkResult> {
  const state = new WalkState(plan, opts);
  await state.drain(run);
  return state.result();
}

class WalkState {
  private readonly waiting = new Map<number, Set<number>>();
  private readonly dependants = new Map<number, number[]>();
  private readonly ready: number[] = [];
  private readonly nodes: Map<number, PlanNode>;
  private readonly done: number[] = [];
  private readonly failed: Array<{ id: number; error: Error }> = [];
  private readonly skipped = new Set<number>();
  private readonly running = new Map<number, Promise<void>>();
  private readonly force: AbortSignal;
  /** Operations in the longest chain a node heads (itself included). */
  private readonly heights = new Map<number, number>();

  constructor(plan: Plan, private readonly opts: WalkOptions) {
    this.nodes = new Map(plan.nodes.map((n) => [n.id, n]));
    this.force = opts.cancel?.force ?? sharedSignal();
    for (const n of plan.nodes) {
      const deps = new Set(n.after.filter((a) => this.nodes.has(a)));
      this.waiting.set(n.id, deps);
      for (const d of deps) this.dependants.set(d, [...(this.dependants.get(d) ?? []), n.id]);
      if (deps.size === 0) this.ready.push(n.id);
    }
  }

  private stopping(): boolean {
    if (this.opts.cancel?.graceful.aborted === true) return true;
    return this.opts.mode === 'fail-fast' && this.failed.length > 0;
  }

  async drain(run: NodeRunner): Promise<void> {
    const limit = this.opts.parallel <= 0 ? Number.POSITIVE_INFINITY : this.opts.parallel;
    for (;;) {
      while (!this.stopping() && this.ready.length > 0 && this.running.size < limit) {
        this.ready.sort((a, b) => this.height(b) - this.height(a) || a - b);
        this.launch(this.ready.shift() as number, run);
      }
      if (this.running.size === 0) break;
      await Promise.race(this.running.values());
    }
    const settled = new Set([...this.done, ...this.failed.map((f) => f.id)]);
    for (const id of this.nodes.keys()) if (!settled.has(id)) this.skipped.add(id);
  }

  private height(id: number): number {
    const known = this.heights.get(id);
    if (known !== undefined) return known;
    // Plans are acyclic (the builder only points back at nodes it made): the recursion ends.
    const h = 1 + Math.max(0, ...(this.dependants.get(id) ?? []).map((d) => this.height(d)));
    this.heights.set(id, h);
    return h;
  }

  private launch(id: number, run: NodeRunner): void {
    const node = this.nodes.get(id) as PlanNode;
    const p = run(node, this.force).then(
      () => this.finish(id, undefined),
      (e: unknown) => this.finish(id, e instanceof Error ? e : new Error(String(e))),
    );
    this.running.set(id, p);
  }

  private finish(id: number, error: Error | undefined): void {
    this.running.delete(id);
    if (error === undefined) this.done.push(id);
    else this.failed.push({ id, error });
    for (const next of this.dependants.get(id) ?? []) {
      if (error !== undefined && this.opts.mode === 'fail-fast') {
        this.skipDownstream(next);
        continue;
      }
      const deps = this.waiting.get(next) as Set<number>;
      deps.delete(id);
      if (deps.size === 0 && !this.skipped.has(next)) this.ready.push(next);
    }
  }

  private skipDownstream(id: number): void {
    if (this.skipped.has(id)) return;
    this.skipped.add(id);
    for (const next of this.dependants.get(id) ?? []) this.skipDownstream(next);
  }

  result(): WalkResult {
    return {
      done: [...this.done].sort((a, b) => a - b),
      failed: [...this.failed].sort((a, b) => a.id - b.id),
      skipped: [...this.skipped].sort((a, b) => a - b),
      canceled: this.opts.cancel?.graceful.aborted === true,
    };
  }
}
