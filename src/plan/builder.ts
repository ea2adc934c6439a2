/**
 * Accumulates plan nodes: each operation gets the next id and the ids it
 * must wait for, deduplicated and sorted so printed plans are stable.
 */
import type { Operation, Plan, PlanNode } from './types.js';

export class PlanBuilder {
  private readonly nodes: PlanNode[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly project: string) {}

  add(op: Operation, after: Iterable<number | undefined> = []): number {
    const id = this.nodes.length + 1;
    const deps = [...new Set([...after].filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
    this.nodes.push({ id, op, after: deps });
    return id;
  }

  get size(): number {
    return this.nodes.length;
  }

  build(extra: Partial<Pick<Plan, 'empty'>> = {}): Plan {
    return { project: this.project, nodes: [...this.nodes], warnings: [...this.warnings], ...extra };
  }
}

/** Services in dependency order (dependencies first), ties by name; dependencies outside `names` are ignored. */
export function dependencyOrder(names: readonly string[], depsOf: (name: string) => readonly string[]): string[] {
  const known = new Set(names);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, path: Set<string>): void => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const dep of [...depsOf(name)].sort()) if (known.has(dep)) visit(dep, path);
    path.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of [...names].sort()) visit(name, new Set());
  return order;
}
