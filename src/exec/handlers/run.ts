/** What every operation handler gets: the run's context, the ports and the signal that aborts it. */
import type { ExecContext } from '../context.js';
import type { ExecPorts } from '../ports.js';

export interface Run {
  ctx: ExecContext;
  ports: ExecPorts;
  /** Fires on a forced cancellation (the second Ctrl-C). */
  signal: AbortSignal;
}
