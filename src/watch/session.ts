/**
 * One watch run, as `docker compose watch` runs it: the initial syncs the
 * rules ask for, then file events, debounced into batches, planned
 * (planner.ts) and applied one batch at a time through a WatchDriver
 * (rebuilds first, then syncs, restarts, and sync+exec commands). A batch
 * that fails is reported and the watch goes on, as compose's does. The
 * messages are compose's.
 */
import { Debouncer, QUIET_PERIOD_MS, realTimers, type Timers } from './debounce.js';
import { matchRule, isEmptyPlan, planBatch } from './planner.js';
import { syncInto } from './sync-into.js';
import type { ExecHook, FileMapping, WatchPlan, WatchRule } from './types.js';

/** What the watcher does to the project; src/app implements it with the engine and the builder. */
export interface WatchDriver {
  /** Root filesystems (as the host sees them) of the service's containers. */
  rootfsOf(service: string): Promise<string[]>;
  restart(services: string[]): Promise<void>;
  exec(service: string, hook: ExecHook): Promise<void>;
  /** Build the services' images and recreate their containers. */
  rebuild(services: string[]): Promise<void>;
}

export interface FileWatcher {
  close(): Promise<void>;
}

export type WatchFactory = (paths: readonly string[], onChange: (path: string) => void, onError: (e: Error) => void) => Promise<FileWatcher>;

export interface WatchSessionOptions {
  log: (message: string) => void;
  watch: WatchFactory;
  quietMs?: number;
  timers?: Timers;
}

const quoted = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
const SYNCS = new Set(['sync', 'sync+restart', 'sync+exec']);

export class WatchSession {
  private readonly debouncer: Debouncer;
  private queue: Promise<void> = Promise.resolve();
  private watcher: FileWatcher | undefined;
  private failure: ((e: Error) => void) | undefined;
  readonly done: Promise<void>;

  constructor(
    private readonly rules: readonly WatchRule[],
    private readonly driver: WatchDriver,
    private readonly opts: WatchSessionOptions,
  ) {
    this.debouncer = new Debouncer((paths) => this.enqueue(paths), opts.quietMs ?? QUIET_PERIOD_MS, opts.timers ?? realTimers);
    this.done = new Promise<void>((_, reject) => {
      this.failure = reject;
    });
    this.done.catch(() => undefined);
  }

  async start(): Promise<void> {
    for (const rule of this.rules) {
      if (rule.initialSync && (rule.action === 'sync' || rule.action === 'sync+restart')) await this.initialSync(rule);
    }
    const paths = [...new Set(this.rules.map((r) => r.path))];
    this.watcher = await this.opts.watch(paths, (p) => this.debouncer.add(p), (e) => {
      this.opts.log(`Watch disabled with errors: ${e.message}`);
      this.failure?.(e);
    });
    this.opts.log('Watch enabled');
  }

  /** Stops watching; a batch being applied finishes first. */
  async close(): Promise<void> {
    this.debouncer.cancel();
    await this.watcher?.close();
    await this.queue;
    this.opts.log('Watch disabled');
  }

  /** Resolves once every batch handed over so far has been applied. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(paths: string[]): void {
    this.queue = this.queue.then(() => this.apply(planBatch(this.rules, paths))).catch((e: unknown) => {
      this.opts.log(`Error handling changed files: ${(e as Error).message}`);
    });
  }

  /** Applies one planned batch: rebuilds, syncs, restarts, then the sync+exec commands. */
  async apply(plan: WatchPlan): Promise<void> {
    if (isEmptyPlan(plan)) return;
    if (plan.rebuild.length > 0) {
      this.opts.log(`Rebuilding service(s) ${quoted(plan.rebuild)} after changes were detected...`);
      try {
        await this.driver.rebuild(plan.rebuild);
      } catch (e) {
        this.opts.log(`Build failed. Error: ${(e as Error).message}`);
        throw e;
      }
      this.opts.log(`service(s) ${quoted(plan.rebuild)} successfully built`);
    }
    for (const [service, files] of plan.sync) {
      this.opts.log(`Syncing service ${JSON.stringify(service)} after ${files.length} changes were detected`);
      await this.sync(service, files);
    }
    if (plan.restart.length > 0) {
      await this.driver.restart(plan.restart);
      this.opts.log(`service(s) ${quoted(plan.restart)} restarted`);
    }
    for (const [service, hooks] of plan.exec) {
      for (const hook of hooks) await this.driver.exec(service, hook);
    }
  }

  private async sync(service: string, files: readonly FileMapping[]): Promise<void> {
    const rules = this.rules.filter((r) => r.service === service && SYNCS.has(r.action));
    // Inside a synced directory, a path goes when a sync rule of the service would take it on its own.
    const skip = (p: string, isDir: boolean): boolean => !rules.some((r) => (isDir ? matchRule({ ...r, included: undefined }, p) : matchRule(r, p)) !== undefined);
    for (const rootfs of await this.driver.rootfsOf(service)) syncInto(rootfs, files, skip);
  }

  private async initialSync(rule: WatchRule): Promise<void> {
    const skip = (p: string, isDir: boolean): boolean => rule.ignored(p) || (!isDir && rule.included !== undefined && !rule.included(p));
    const files: FileMapping[] = [{ hostPath: rule.path, containerPath: rule.target }];
    for (const rootfs of await this.driver.rootfsOf(rule.service)) syncInto(rootfs, files, skip);
  }
}
