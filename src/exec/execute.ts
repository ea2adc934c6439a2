/**
 * Runs a plan: each operation goes to its handler, the walker decides only
 * when. `up` runs fail-fast, teardown best-effort; either way every error is
 * collected and thrown together once nothing runs any more.
 */
import type { Operation, Plan, PlanNode } from '../plan/types.js';
import type { Cancellation } from './cancel.js';
import type { ExecContext } from './context.js';
import { CanceledError, PlanFailedError } from './errors.js';
import { createContainer, recreateContainer } from './handlers/create.js';
import { keepContainer, removeOne, startContainer, stopOne } from './handlers/lifecycle.js';
import { createNetwork, createVolume, pullImage, removeImage, removeNetwork, removeVolume } from './handlers/resources.js';
import type { Run } from './handlers/run.js';
import { waitFor } from './handlers/wait.js';
import type { ExecPorts } from './ports.js';
import { walkPlan, type WalkMode, type WalkResult } from './walker.js';

export interface ExecuteOptions {
  mode: WalkMode;
  /** --parallel / COMPOSE_PARALLEL_LIMIT; -1 is no bound. */
  parallel: number;
  cancel?: Cancellation;
}

type Handlers = { [K in Operation['kind']]: (op: Extract<Operation, { kind: K }>, r: Run) => Promise<void> };

const HANDLERS: Handlers = {
  'network.create': createNetwork,
  'network.remove': removeNetwork,
  'volume.create': createVolume,
  'volume.remove': removeVolume,
  'image.pull': pullImage,
  'image.remove': removeImage,
  'container.create': createContainer,
  'container.recreate': recreateContainer,
  'container.start': startContainer,
  'container.keep': keepContainer,
  'container.stop': stopOne,
  'container.remove': removeOne,
  'container.wait': waitFor,
};

export function runOperation(node: PlanNode, ctx: ExecContext, ports: ExecPorts, signal: AbortSignal): Promise<void> {
  const handler = HANDLERS[node.op.kind] as (op: Operation, r: Run) => Promise<void>;
  return handler(node.op, { ctx, ports, signal });
}

export async function executePlan(plan: Plan, ctx: ExecContext, ports: ExecPorts, opts: ExecuteOptions): Promise<WalkResult> {
  const result = await walkPlan(plan, (node, signal) => runOperation(node, ctx, ports, signal), {
    mode: opts.mode,
    parallel: opts.parallel,
    ...(opts.cancel === undefined ? {} : { cancel: opts.cancel }),
  });
  const errors = result.failed.map((f) => f.error).filter((e) => !(e instanceof CanceledError));
  if (errors.length > 0) throw new PlanFailedError(errors);
  if (result.failed.length > 0 || (result.canceled && result.skipped.length > 0)) throw new CanceledError();
  return result;
}
