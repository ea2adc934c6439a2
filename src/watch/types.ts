/**
 * A `develop.watch` rule as the watcher takes it: absolute host paths, the
 * patterns already turned into matchers. src/app translates the compose
 * model into these; this layer knows no compose types.
 */
export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

export const WATCH_ACTIONS: readonly WatchAction[] = ['sync', 'rebuild', 'restart', 'sync+restart', 'sync+exec'];

/** A command run in each of the service's containers after a sync (`exec:` of a sync+exec rule). */
export interface ExecHook {
  command: string[];
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  environment?: string[];
}

/** Whether an absolute host path is matched. */
export type PathTest = (hostPath: string) => boolean;

export interface WatchRule {
  service: string;
  action: WatchAction;
  /** Absolute, cleaned. */
  path: string;
  /** Absolute container path; empty for rebuild and restart. */
  target: string;
  /** .dockerignore of the build context, the editors' temporary files, .git, and the rule's `ignore:`. */
  ignored: PathTest;
  /** `include:`; undefined: everything under `path`. */
  included?: PathTest;
  exec?: ExecHook;
  initialSync: boolean;
}

/** A host path and where it goes in the container (empty when the rule has no target). */
export interface FileMapping {
  hostPath: string;
  containerPath: string;
}

/** What one debounced batch of changes asks for, per service. */
export interface WatchPlan {
  rebuild: string[];
  sync: Map<string, FileMapping[]>;
  restart: string[];
  exec: Map<string, ExecHook[]>;
}
