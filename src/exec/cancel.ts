/**
 * Cancelling a running plan in two steps, as docker compose answers Ctrl-C:
 * the first request is graceful (no new operation starts, running ones
 * finish: stops use their grace period), the second forces (running
 * operations are aborted and stops become kills).
 */
export class Cancellation {
  private readonly gracefulCtl = new AbortController();
  private readonly forceCtl = new AbortController();

  get graceful(): AbortSignal {
    return this.gracefulCtl.signal;
  }

  get force(): AbortSignal {
    return this.forceCtl.signal;
  }

  /** Escalates one step and says which one this was. */
  request(): 'graceful' | 'force' {
    if (!this.gracefulCtl.signal.aborted) {
      this.gracefulCtl.abort();
      return 'graceful';
    }
    this.forceCtl.abort();
    return 'force';
  }
}
