/**
 * Cancelling a running plan in two steps, as docker compose answers Ctrl-C:
 * the first request is graceful (no new operation starts, running ones
 * finish: stops use their grace period), the second forces (running
 * operations are aborted and stops become kills).
 */
import { setMaxListeners } from 'node:events';

/**
 * A signal every running operation of a plan listens to, one listener each:
 * `down` of 50 containers has 50 stops waiting on it at once, which Node
 * would otherwise report as a leak (MaxListenersExceededWarning) past 10.
 */
export function sharedSignal(ctl: AbortController = new AbortController()): AbortSignal {
  setMaxListeners(0, ctl.signal);
  return ctl.signal;
}

export class Cancellation {
  private readonly gracefulCtl = new AbortController();
  private readonly forceCtl = new AbortController();

  constructor() {
    sharedSignal(this.gracefulCtl);
    sharedSignal(this.forceCtl);
  }

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
