/** The options of the up plan: docker compose's CreateOptions, as data. */
import type { OneOffSpec } from './types.js';

export type RecreateStrategy = 'diverged' | 'force' | 'never';

export interface UpOptions {
  /** Services named on the command line; empty means all. They get `recreate`, the others `recreateDependencies`. */
  services: readonly string[];
  recreate: RecreateStrategy;
  recreateDependencies: RecreateStrategy;
  /** Keep anonymous volumes of recreated containers (false with -V). */
  inherit: boolean;
  removeOrphans: boolean;
  /** COMPOSE_IGNORE_ORPHANS: neither warn nor remove. */
  ignoreOrphans: boolean;
  /** `--no-start`, or `create`. */
  noStart: boolean;
  /** `-t`: overrides every stop's grace period. */
  timeoutSeconds?: number;
  /** Image references already pulled by this run: not pulled again. */
  pulled?: ReadonlySet<string>;
  /**
   * `run`: this service gets one one-off container, created (not started)
   * once its dependencies run and meet their conditions; its own
   * containers are left as they are.
   */
  oneOff?: OneOffTarget;
}

export interface OneOffTarget extends OneOffSpec {
  service: string;
  name: string;
}

export const defaultUpOptions: UpOptions = {
  services: [],
  recreate: 'diverged',
  recreateDependencies: 'diverged',
  inherit: true,
  removeOrphans: false,
  ignoreOrphans: false,
  noStart: false,
};

/** What up-services.ts needs from the infrastructure part: node ids by resource. */
export interface Infrastructure {
  networks: ReadonlyMap<string, number>;
  volumes: ReadonlyMap<string, number>;
  images: ReadonlyMap<string, number>;
}
