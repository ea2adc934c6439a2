/**
 * `tscompose up` and `tscompose create`, with docker compose 2.26.1's flags
 * and checks (validateFlags). The use case is src/app/up.ts; this file turns
 * flags into its request and prints: the plan under --dry-run, progress
 * through the writer chosen for the terminal.
 */
import { TscomposeError, UsageError } from '../../errors.js';
import type { FlagSpec, FlagValues } from '../flags.js';
import { openLifecycle, timeoutFlag } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

const CREATE_FLAGS: readonly FlagSpec[] = [
  { name: 'build', kind: 'bool', usage: 'Build images before starting containers' },
  { name: 'no-build', kind: 'bool', usage: "Don't build an image, even if it's policy" },
  { name: 'pull', kind: 'string', defaultValue: 'policy', usage: 'Pull image before running ("always"|"missing"|"never")' },
  { name: 'quiet-pull', kind: 'bool', usage: 'Pull without printing progress information' },
  { name: 'force-recreate', kind: 'bool', usage: "Recreate containers even if their configuration and image haven't changed" },
  { name: 'no-recreate', kind: 'bool', usage: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
  { name: 'remove-orphans', kind: 'bool', usage: 'Remove containers for services not defined in the Compose file' },
  { name: 'scale', kind: 'stringArray', usage: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.' },
];

const UP_FLAGS: readonly FlagSpec[] = [
  ...CREATE_FLAGS,
  { name: 'detach', short: 'd', kind: 'bool', usage: 'Detached mode: Run containers in the background' },
  { name: 'no-color', kind: 'bool', usage: 'Produce monochrome output' },
  { name: 'no-log-prefix', kind: 'bool', usage: "Don't print prefix in logs" },
  { name: 'no-start', kind: 'bool', usage: "Don't start the services after creating them" },
  { name: 'abort-on-container-exit', kind: 'bool', usage: 'Stops all containers if any container was stopped. Incompatible with -d' },
  { name: 'abort-on-container-failure', kind: 'bool', usage: 'Stops all containers if any container exited with failure. Incompatible with -d' },
  { name: 'exit-code-from', kind: 'string', usage: 'Return the exit code of the selected service container. Implies --abort-on-container-exit' },
  { name: 'timeout', short: 't', kind: 'int', usage: 'Use this timeout in seconds for container shutdown when attached or when containers are already running' },
  { name: 'timestamps', kind: 'bool', usage: 'Show timestamps' },
  { name: 'no-deps', kind: 'bool', usage: "Don't start linked services" },
  { name: 'always-recreate-deps', kind: 'bool', usage: 'Recreate dependent containers. Incompatible with --no-recreate.' },
  { name: 'renew-anon-volumes', short: 'V', kind: 'bool', usage: 'Recreate anonymous volumes instead of retrieving data from the previous containers' },
  { name: 'attach', kind: 'stringArray', usage: 'Restrict attaching to the specified services. Incompatible with --attach-dependencies.' },
  { name: 'no-attach', kind: 'stringArray', usage: 'Do not attach (stream logs) to the specified services' },
  { name: 'attach-dependencies', kind: 'bool', usage: 'Automatically attach to log output of dependent services' },
  { name: 'wait', kind: 'bool', usage: 'Wait for services to be running|healthy. Implies detached mode.' },
  { name: 'wait-timeout', kind: 'int', usage: 'Maximum duration to wait for the project to be running|healthy' },
  { name: 'watch', short: 'w', kind: 'bool', usage: 'Watch source code and rebuild/refresh containers when files are updated.' },
  { name: 'menu', kind: 'bool', usage: 'Enable interactive shortcuts when running attached (Experimental). Incompatible with --detach.', hidden: true },
];

export const upCommand: CommandSpec = {
  name: 'up',
  use: '[OPTIONS] [SERVICE...]',
  short: 'Create and start containers',
  flags: UP_FLAGS,
  load: () => Promise.resolve((ctx) => runUpCommand(ctx, false)),
};

export const createCommand: CommandSpec = {
  name: 'create',
  use: '[OPTIONS] [SERVICE...]',
  short: 'Creates containers for a service',
  flags: CREATE_FLAGS,
  load: () => Promise.resolve((ctx) => runUpCommand(ctx, true)),
};

/** `--scale web=3`, each one checked as docker compose's strconv.Atoi does. */
export function scaleFlags(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    const count = at < 0 ? '' : v.slice(at + 1);
    if (at < 0 || !/^[+-]?\d+$/.test(count)) throw new TscomposeError('E_USAGE', `invalid argument "${v}" for "--scale" flag: expected SERVICE=NUM`);
    out[v.slice(0, at)] = Number(count);
  }
  return out;
}

/** docker compose's validateFlags, in its order and words. */
export function checkUpCombinations(f: FlagValues, create: boolean): { detach: boolean } {
  const cascade = f.bool('abort-on-container-exit') || f.string('exit-code-from') !== '';
  const attach = f.strings('attach').length > 0 || f.bool('attach-dependencies');
  let detach = f.bool('detach');
  if (f.bool('wait')) {
    if (attach || cascade) throw new TscomposeError('E_USAGE', '--wait cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies');
    detach = true;
  }
  if (f.bool('build') && f.bool('no-build')) throw new TscomposeError('E_USAGE', '--build and --no-build are incompatible');
  if (!create && f.bool('no-build') && f.bool('watch')) throw new TscomposeError('E_USAGE', '--no-build and --watch are incompatible');
  if (detach && (attach || cascade)) throw new TscomposeError('E_USAGE', '--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies');
  if (f.strings('attach').length > 0 && f.bool('attach-dependencies')) throw new TscomposeError('E_USAGE', 'cannot combine --attach and --attach-dependencies');
  const pull = f.string('pull');
  if (!['policy', 'always', 'missing', 'never', 'build'].includes(pull)) throw new UsageError(`invalid --pull option "${pull}"`);
  return { detach: detach || create };
}

async function runUpCommand(ctx: CommandContext, create: boolean): Promise<void> {
  const f = ctx.flags;
  const { detach } = checkUpCombinations(f, create);
  const { runUp } = await import('../../app/up.js');
  const { printPlan } = await import('../../plan/print.js');
  const timeoutSeconds = timeoutFlag(ctx);
  const attached = !detach && !ctx.global.dryRun && !f.bool('no-start');
  const { chooseAttachment, runAttached } = await import('./up-attached.js');
  // Bad --attach or --exit-code-from services fail before anything is made.
  const attachment = attached ? await chooseAttachment(ctx) : undefined;
  const since = new Date().toISOString();
  const life = await openLifecycle(ctx, create ? 'Creating' : 'Running');
  try {
    if (!ctx.global.dryRun) await buildImages(ctx, f.bool('build') ? 'always' : f.bool('no-build') ? 'never' : 'missing');
    const result = await runUp(ctx.global, ctx.host, {
      services: ctx.args, noDeps: !create && f.bool('no-deps'), scale: scaleFlags(f.strings('scale')),
      ...(f.changed.has('pull') ? { pull: f.string('pull') } : {}),
      forceRecreate: f.bool('force-recreate'), noRecreate: f.bool('no-recreate'), alwaysRecreateDeps: !create && f.bool('always-recreate-deps'),
      renewAnonVolumes: !create && f.bool('renew-anon-volumes'),
      removeOrphans: f.changed.has('remove-orphans') ? f.bool('remove-orphans') : truthy(ctx.io.env.COMPOSE_REMOVE_ORPHANS),
      noStart: create || f.bool('no-start'), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      wait: !create && f.bool('wait'), waitTimeoutSeconds: create ? 0 : f.int('wait-timeout'), compatibility: ctx.display.compatibility,
    }, life.session);
    if (ctx.global.dryRun) {
      ctx.io.stdout(printPlan(result.plan));
      if (!detach) ctx.io.stdout("end of 'compose up' output, interactive run is not supported in dry-run mode\n");
      if (result.blind.length > 0) ctx.warn(`planned without ${result.blind.join(', ')} (not wired into this build): nothing of theirs was observed`);
    }
  } finally {
    await life.done();
  }
  const watching = !create && f.bool('watch') && !ctx.global.dryRun ? await startWatching(ctx) : undefined;
  try {
    if (attachment !== undefined) await runAttached(ctx, attachment, since, timeoutSeconds, watching !== undefined);
    else if (watching !== undefined) await (await import('./watch.js')).untilInterrupted(ctx, watching.done);
  } finally {
    await watching?.stop();
  }
}

async function startWatching(ctx: CommandContext): Promise<{ done: Promise<void>; stop(): Promise<void> }> {
  const { startWatching: start } = await import('./watch.js');
  return start(ctx, { prune: false, quiet: false });
}

/** `--build`, `--no-build`, or the images that are missing (and pull_policy: build), built before the plan looks for them. */
async function buildImages(ctx: CommandContext, build: 'always' | 'never' | 'missing'): Promise<void> {
  if (build === 'never') return;
  const { ensureServiceImages } = await import('../../app/build.js');
  const { loadComposeProject } = await import('../../app/load-project.js');
  const loaded = loadComposeProject(ctx.global, ctx.host, { services: ctx.args, onWarning: () => undefined, skipResolveEnvironment: true });
  const quiet = ctx.display.progress === 'quiet';
  await ensureServiceImages({ project: loaded.project, environment: loaded.interpolationEnv }, ctx.host, {
    build,
    warn: ctx.warn,
    ...(quiet ? {} : { progress: { write: (t: string) => ctx.io.stderr(t) } }),
    ...(ctx.global.runtime === undefined ? {} : { runtime: ctx.global.runtime }),
  });
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes'].includes(v.toLowerCase());
}
