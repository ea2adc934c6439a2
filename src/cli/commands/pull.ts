/** `tscompose pull`: flags as docker compose 2.26.1's; the use case is src/app/pull.ts. */
import type { FlagSpec } from '../flags.js';
import { progressWriter } from '../output/progress.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'quiet', short: 'q', kind: 'bool', usage: 'Pull without printing progress information' },
  { name: 'include-deps', kind: 'bool', usage: 'Also pull services declared as dependencies' },
  { name: 'ignore-pull-failures', kind: 'bool', usage: 'Pull what it can and ignores images with pull failures' },
  { name: 'ignore-buildable', kind: 'bool', usage: 'Ignore images that can be built' },
  { name: 'policy', kind: 'string', usage: 'Apply pull policy ("missing"|"always")' },
  { name: 'parallel', kind: 'bool', defaultValue: 'true', usage: 'DEPRECATED pull multiple images in parallel', hidden: true },
  { name: 'no-parallel', kind: 'bool', defaultValue: 'true', usage: 'DEPRECATED disable parallel pulling', hidden: true },
];

export const pullCommand: CommandSpec = {
  name: 'pull',
  use: '[OPTIONS] [SERVICE...]',
  short: 'Pull service images',
  flags: FLAGS,
  load: () => Promise.resolve(runPullCommand),
};

async function runPullCommand(ctx: CommandContext): Promise<void> {
  const { runPull } = await import('../../app/pull.js');
  const { humanSize } = await import('../../app/units.js');
  if (ctx.flags.changed.has('no-parallel')) ctx.io.stderr("option '--no-parallel' is DEPRECATED and will be ignored.\n");
  const policy = ctx.flags.string('policy');
  if (policy !== '' && policy !== 'missing' && policy !== 'always') {
    const { UsageError } = await import('../../errors.js');
    throw new UsageError(`invalid --policy option ${JSON.stringify(policy)}: use "missing" or "always"`);
  }
  const quiet = ctx.flags.bool('quiet');
  const writer = progressWriter(ctx.io, quiet ? { ...ctx.display, progress: 'quiet' } : ctx.display, 'Pulling', humanSize);
  try {
    await runPull(ctx.global, ctx.host, {
      services: ctx.args,
      includeDeps: ctx.flags.bool('include-deps'),
      ignorePullFailures: ctx.flags.bool('ignore-pull-failures'),
      ignoreBuildable: ctx.flags.bool('ignore-buildable'),
      quiet,
      policy,
    }, ctx.warn, writer);
  } finally {
    writer.stop();
  }
}
