/**
 * `tscompose build`: docker compose 2.26.1's flags (its deprecated ones
 * accepted and hidden); the use case is src/app/build.ts. Progress is
 * BuildKit's plain output on standard output, as compose's printer writes
 * it; `-q` prints nothing. `--push`, `--ssh`, `--builder` and `--memory`
 * are not carried out by tscompose's builder and say so.
 */
import { UsageError } from '../../errors.js';
import type { FlagSpec } from '../flags.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'push', kind: 'bool', usage: 'Push service images' },
  { name: 'quiet', short: 'q', kind: 'bool', usage: "Don't print anything to STDOUT" },
  { name: 'pull', kind: 'bool', usage: 'Always attempt to pull a newer version of the image' },
  { name: 'build-arg', kind: 'stringArray', usage: 'Set build-time variables for services' },
  { name: 'ssh', kind: 'string', usage: "Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)" },
  { name: 'builder', kind: 'string', usage: 'Set builder to use' },
  { name: 'with-dependencies', kind: 'bool', usage: 'Also build dependencies (transitively)' },
  { name: 'no-cache', kind: 'bool', usage: 'Do not use cache when building the image' },
  { name: 'memory', short: 'm', kind: 'string', usage: 'Set memory limit for the build container. Not supported by BuildKit.' },
  { name: 'parallel', kind: 'bool', defaultValue: 'true', usage: 'Build images in parallel. DEPRECATED', hidden: true },
  { name: 'compress', kind: 'bool', defaultValue: 'true', usage: 'Compress the build context using gzip. DEPRECATED', hidden: true },
  { name: 'force-rm', kind: 'bool', defaultValue: 'true', usage: 'Always remove intermediate containers. DEPRECATED', hidden: true },
  { name: 'no-rm', kind: 'bool', usage: 'Do not remove intermediate containers after a successful build. DEPRECATED', hidden: true },
];

export const buildCommand: CommandSpec = {
  name: 'build',
  use: '[OPTIONS] [SERVICE...]',
  short: 'Build or rebuild services',
  flags: FLAGS,
  load: () => Promise.resolve(runBuildCommand),
};

async function runBuildCommand(ctx: CommandContext): Promise<void> {
  for (const f of ['push', 'ssh', 'builder']) {
    if (ctx.flags.changed.has(f)) throw new UsageError(`--${f} is not supported by tscompose's builder`, { hint: f === 'push' ? 'run tscompose push after the build' : undefined });
  }
  if (ctx.flags.changed.has('memory')) ctx.warn('--memory is not supported by BuildKit and will be ignored');
  const { buildServices } = await import('../../app/build.js');
  const { parseBuildArgs } = await import('../../app/build-spec.js');
  const { loadComposeProject } = await import('../../app/load-project.js');
  const loaded = loadComposeProject(ctx.global, ctx.host, { services: ctx.args, onWarning: ctx.warn, skipResolveEnvironment: true });
  const quiet = ctx.flags.bool('quiet') || ctx.display.progress === 'quiet';
  await buildServices({ project: loaded.project, environment: loaded.interpolationEnv }, ctx.host, {
    services: ctx.args,
    withDependencies: ctx.flags.bool('with-dependencies'),
    noCache: ctx.flags.bool('no-cache'),
    pull: ctx.flags.bool('pull'),
    buildArgs: parseBuildArgs(ctx.flags.strings('build-arg')),
    ...(quiet ? {} : { progress: { write: (t: string) => ctx.io.stdout(t) } }),
    warn: ctx.warn,
    ...(ctx.global.runtime === undefined ? {} : { runtime: ctx.global.runtime }),
  });
}
