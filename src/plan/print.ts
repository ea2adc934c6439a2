/**
 * A plan as text, one line per operation, in the order the planner added
 * them: `#3 start container p-db-1 (after #1, #2)`. Tests compare this text
 * with goldens and `--dry-run` prints it, so the wording is stable.
 */
import type { Operation, Plan, PlanNode } from './types.js';

export function printPlan(plan: Plan): string {
  if (plan.nodes.length === 0) return `plan for project ${plan.project}: nothing to do\n`;
  const width = String(plan.nodes.length).length + 1;
  const lines = plan.nodes.map((n) => `${`#${n.id}`.padStart(width)} ${describe(n.op)}${afterText(n)}`);
  return `plan for project ${plan.project}: ${plan.nodes.length} operation${plan.nodes.length === 1 ? '' : 's'}\n${lines.join('\n')}\n`;
}

function afterText(n: PlanNode): string {
  return n.after.length === 0 ? '' : ` (after ${n.after.map((a) => `#${a}`).join(', ')})`;
}

export function describe(op: Operation): string {
  switch (op.kind) {
    case 'network.create':
      return `create network ${op.network.name}`;
    case 'network.remove':
      return `remove network ${op.name}`;
    case 'volume.create':
      return `create volume ${op.volume.name}`;
    case 'volume.remove':
      return `remove volume ${op.name}`;
    case 'image.pull':
      return `pull image ${op.ref} for ${op.services.join(', ')} (${op.reason === 'always' ? 'pull_policy always' : 'missing'})`;
    case 'image.remove':
      return `remove image ${op.ref}`;
    case 'container.create':
      return `create container ${op.name}${op.oneOff === undefined ? '' : ' (one-off)'}`;
    case 'container.recreate':
      return `recreate container ${op.name}: ${op.cause}${op.inherit ? '' : ', new anonymous volumes'}`;
    case 'container.start':
      return `start container ${op.name}`;
    case 'container.keep':
      return `keep container ${op.name} (${op.state})`;
    case 'container.stop':
      return `stop container ${op.name} (${op.cause}, ${op.stop.signal}, ${op.stop.timeoutSeconds}s)`;
    case 'container.remove':
      return `remove container ${op.name} (${op.cause}${op.anonymousVolumes ? ', with anonymous volumes' : ''})`;
    case 'container.wait':
      return `wait for ${op.service} ${op.condition.replaceAll('_', ' ')}${op.required ? '' : ' (optional)'}: ${op.containers.join(', ')}`;
  }
}
