/**
 * `tscompose watch [SERVICE...]` (docker compose's flags: --no-up, --prune,
 * --quiet) and the watching half of `up --watch`. Unless --no-up, the
 * services are built and brought up first, detached (the watched services
 * always built, as compose treats them as `pull_policy: build`). Then the
 * use case (src/app/watch.ts) runs until Ctrl-C; a rebuild recreates its
 * service through `up --force-recreate --no-deps`. Messages go to standard
 * output with compose's ` ⦿ ` prefix.
 */
import type { UpRequest } from '../../app/up.js';
import type { FlagSpec } from '../flags.js';
import { openLifecycle } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'no-up', kind: 'bool', usage: 'Do not build & start services before watching' },
  { name: 'prune', kind: 'bool', usage: 'Prune dangling images on rebuild' },
  { name: 'quiet', kind: 'bool', usage: 'hide build output' },
];

export const watchCommand: CommandSpec = {
  name: 'watch',
  use: '[SERVICE...]',
  short: 'Watch build context for service and rebuild/refresh containers when files are updated',
  flags: FLAGS,
  load: () => Promise.resolve(runWatchCommand),
};

export function upRequest(services: string[], extra: Partial<UpRequest> = {}): UpRequest {
  return {
    services, noDeps: false, scale: {}, forceRecreate: false, noRecreate: false, alwaysRecreateDeps: false, renewAnonVolumes: false,
    removeOrphans: false, noStart: false, wait: false, waitTimeoutSeconds: 0, compatibility: false, ...extra,
  };
}

async function runWatchCommand(ctx: CommandContext): Promise<void> {
  const quiet = ctx.flags.bool('quiet');
  if (!ctx.flags.bool('no-up')) await buildAndUp(ctx, quiet);
  const w = await startWatching(ctx, { prune: ctx.flags.bool('prune'), quiet });
  try {
    await untilInterrupted(ctx, w.done);
  } finally {
    await w.stop();
  }
}

async function buildAndUp(ctx: CommandContext, quiet: boolean): Promise<void> {
  const { loadComposeProject } = await import('../../app/load-project.js');
  const { buildServices, ensureServiceImages } = await import('../../app/build.js');
  const { runUp } = await import('../../app/up.js');
  const { isMapping } = await import('../../compose/tree.js');
  const loaded = loadComposeProject(ctx.global, ctx.host, { services: ctx.args, onWarning: ctx.warn, skipResolveEnvironment: true });
  const input = { project: loaded.project, environment: loaded.interpolationEnv };
  const services = isMapping(loaded.project.model.services) ? loaded.project.model.services : {};
  const watched = Object.entries(services).filter(([, s]) => isMapping(s) && isMapping(s.build) && isMapping(s.develop)).map(([n]) => n);
  const progress = quiet ? {} : { progress: { write: (t: string) => ctx.io.stdout(t) } };
  if (watched.length > 0) await buildServices(input, ctx.host, { services: watched, warn: ctx.warn, ...progress });
  await ensureServiceImages(input, ctx.host, { build: 'missing', warn: ctx.warn, ...progress });
  const life = await openLifecycle(ctx, 'Running');
  try {
    await runUp(ctx.global, ctx.host, upRequest(ctx.args), life.session);
  } finally {
    await life.done();
  }
}

export interface Watching {
  /** Rejects when the file watcher fails. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Starts watching the services in ctx.args. */
export async function startWatching(ctx: CommandContext, opts: { prune: boolean; quiet: boolean }): Promise<Watching> {
  const { loadComposeProject } = await import('../../app/load-project.js');
  const { startWatch } = await import('../../app/watch.js');
  const { runUp } = await import('../../app/up.js');
  const loaded = loadComposeProject(ctx.global, ctx.host, { services: ctx.args, onWarning: ctx.warn, skipResolveEnvironment: true });
  const life = await openLifecycle(ctx, 'Recreating');
  try {
    const session = await startWatch({ project: loaded.project, environment: loaded.interpolationEnv }, ctx.host, { services: ctx.args, ...opts }, {
      engine: () => life.session.drivers.engine(),
      recreate: async (services) => {
        await runUp(ctx.global, ctx.host, upRequest(services, { forceRecreate: true, noDeps: true }), life.session);
      },
      log: (m) => ctx.io.stdout(` ⦿ ${m}\n`),
      warn: ctx.warn,
      output: { write: (t) => ctx.io.stdout(t) },
    });
    return {
      done: session.done,
      stop: async () => {
        await session.close();
        await life.done();
      },
    };
  } catch (e) {
    await life.done();
    throw e;
  }
}

/** Resolves on Ctrl-C; rejects when `done` does. */
export async function untilInterrupted(ctx: CommandContext, done: Promise<void>): Promise<void> {
  let stop: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const remove = ctx.io.onInterrupt?.(() => stop());
  try {
    await Promise.race([interrupted, done]);
  } finally {
    remove?.();
  }
}
