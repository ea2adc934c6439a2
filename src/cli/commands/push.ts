/** `tscompose push`: flags as docker compose 2.26.1's; the use case is src/app/push.ts. */
import type { FlagSpec } from '../flags.js';
import { progressWriter } from '../output/progress.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'ignore-push-failures', kind: 'bool', usage: 'Push what it can and ignores images with push failures' },
  { name: 'include-deps', kind: 'bool', usage: 'Also push images of services declared as dependencies' },
  { name: 'quiet', short: 'q', kind: 'bool', usage: 'Push without printing progress information' },
];

export const pushCommand: CommandSpec = {
  name: 'push',
  use: '[OPTIONS] [SERVICE...]',
  short: 'Push service images',
  flags: FLAGS,
  load: () => Promise.resolve(runPushCommand),
};

async function runPushCommand(ctx: CommandContext): Promise<void> {
  const { runPush } = await import('../../app/push.js');
  const { humanSize } = await import('../../app/units.js');
  const quiet = ctx.flags.bool('quiet');
  const writer = progressWriter(ctx.io, quiet ? { ...ctx.display, progress: 'quiet' } : ctx.display, 'Pushing', humanSize);
  try {
    await runPush(ctx.global, ctx.host, { services: ctx.args, includeDeps: ctx.flags.bool('include-deps'), ignorePushFailures: ctx.flags.bool('ignore-push-failures'), quiet }, ctx.warn, writer);
  } finally {
    writer.stop();
  }
}
