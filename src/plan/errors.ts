/**
 * What the planner refuses: a model or observed state it cannot converge
 * (a scaled service with a container_name, a missing external network or
 * volume, an image that may not be pulled). Thrown before anything runs, so
 * the host is left as it was.
 */
import { TscomposeError, type ErrorOptions } from '../errors.js';

export class PlanError extends TscomposeError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, opts);
  }
}
