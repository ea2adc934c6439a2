/**
 * From a debounced batch of changed host paths to what the watcher does, as
 * docker compose's handleWatchBatch decides: every rule whose path holds a
 * changed file (included, not ignored) contributes its action for its
 * service; sync, sync+restart and sync+exec collect the file, mapped under
 * the rule's target; restart and sync+restart restart the service;
 * sync+exec runs the rule's command once per batch; rebuild builds and
 * recreates. A service being rebuilt is not also restarted: its new
 * container has just started.
 */
import { posix } from 'node:path';
import { isChild } from './match.js';
import type { ExecHook, FileMapping, WatchPlan, WatchRule } from './types.js';

/** The mapping of a changed path under a rule, or undefined when the rule does not take it. */
export function matchRule(rule: WatchRule, hostPath: string): FileMapping | undefined {
  if (!isChild(rule.path, hostPath)) return undefined;
  if (rule.included !== undefined && !rule.included(hostPath)) return undefined;
  if (rule.ignored(hostPath)) return undefined;
  const containerPath = rule.target === '' ? '' : posix.join(rule.target, posix.relative(rule.path, hostPath));
  return { hostPath, containerPath };
}

const SYNCS = new Set(['sync', 'sync+restart', 'sync+exec']);

export function planBatch(rules: readonly WatchRule[], paths: readonly string[]): WatchPlan {
  const rebuild = new Set<string>();
  const restart = new Set<string>();
  const sync = new Map<string, Map<string, FileMapping>>();
  const exec = new Map<string, Set<WatchRule>>();
  for (const hostPath of paths) {
    for (const rule of rules) {
      const m = matchRule(rule, hostPath);
      if (m === undefined) continue;
      if (rule.action === 'rebuild') rebuild.add(rule.service);
      if (rule.action === 'restart' || rule.action === 'sync+restart') restart.add(rule.service);
      if (SYNCS.has(rule.action)) {
        const files = sync.get(rule.service) ?? new Map<string, FileMapping>();
        files.set(`${m.hostPath}\0${m.containerPath}`, m);
        sync.set(rule.service, files);
      }
      if (rule.action === 'sync+exec' && rule.exec !== undefined) {
        exec.set(rule.service, (exec.get(rule.service) ?? new Set()).add(rule));
      }
    }
  }
  const hooks = new Map<string, ExecHook[]>();
  for (const [service, rs] of exec) hooks.set(service, [...rs].map((r) => r.exec as ExecHook));
  return {
    rebuild: [...rebuild].sort(),
    sync: new Map([...sync].map(([s, files]) => [s, [...files.values()]])),
    restart: [...restart].filter((s) => !rebuild.has(s)).sort(),
    exec: hooks,
  };
}

export function isEmptyPlan(p: WatchPlan): boolean {
  return p.rebuild.length === 0 && p.sync.size === 0 && p.restart.length === 0 && p.exec.size === 0;
}
