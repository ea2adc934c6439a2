/**
 * Groups file events into batches, as compose's batchDebounceEvents: a
 * batch is handed over once no new event came for the quiet period (500 ms
 * in compose), each path once, oldest first. The clock is injected so the
 * unit tests run without waiting.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const QUIET_PERIOD_MS = 500;

export class Debouncer {
  private pending = new Map<string, number>();
  private timer: unknown;
  private seq = 0;

  constructor(
    private readonly flush: (paths: string[]) => void,
    private readonly quietMs = QUIET_PERIOD_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  add(path: string): void {
    // A path seen again moves to the end: the batch is ordered by each path's latest event.
    this.pending.delete(path);
    this.pending.set(path, this.seq++);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => this.fire(), this.quietMs);
  }

  /** Hands over what is pending now (on shutdown). */
  drain(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.fire();
  }

  /** Drops what is pending (the watcher stops). */
  cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = new Map();
  }

  private fire(): void {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const paths = [...this.pending.keys()];
    this.pending = new Map();
    this.flush(paths);
  }
}
