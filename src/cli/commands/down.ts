/**
 * `tscompose down`, with docker compose 2.26.1's flags. The use case is
 * src/app/down.ts; a project with nothing to remove prints docker compose's
 * "Warning: No resource found to remove for project" on stderr.
 */
import { TscomposeError } from '../../errors.js';
import type { FlagSpec } from '../flags.js';
import { openLifecycle, timeoutFlag } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'remove-orphans', kind: 'bool', usage: 'Remove containers for services not defined in the Compose file' },
  { name: 'timeout', short: 't', kind: 'int', usage: 'Specify a shutdown timeout in seconds' },
  { name: 'volumes', short: 'v', kind: 'bool', usage: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' },
  { name: 'rmi', kind: 'string', usage: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' },
];

export const downCommand: CommandSpec = {
  name: 'down',
  use: '[OPTIONS] [SERVICES]',
  short: 'Stop and remove containers, networks',
  flags: FLAGS,
  load: () => Promise.resolve(runDownCommand),
};

async function runDownCommand(ctx: CommandContext): Promise<void> {
  const rmi = ctx.flags.string('rmi');
  if (rmi !== '' && rmi !== 'all' && rmi !== 'local') throw new TscomposeError('E_USAGE', `invalid value for --rmi: "${rmi}"`);
  const { runDown } = await import('../../app/down.js');
  const { printPlan } = await import('../../plan/print.js');
  const timeoutSeconds = timeoutFlag(ctx);
  const removeOrphans = ctx.flags.changed.has('remove-orphans') ? ctx.flags.bool('remove-orphans') : ['1', 'true', 'yes'].includes((ctx.io.env.COMPOSE_REMOVE_ORPHANS ?? '').toLowerCase());
  const life = await openLifecycle(ctx, 'Running');
  try {
    const result = await runDown(ctx.global, ctx.host, {
      services: ctx.args, removeOrphans, volumes: ctx.flags.bool('volumes'),
      ...(rmi === '' ? {} : { rmi }), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    }, life.session);
    if (result.plan.empty) ctx.io.stderr(`Warning: No resource found to remove for project "${result.project}".\n`);
    if (ctx.global.dryRun) ctx.io.stdout(printPlan(result.plan));
  } finally {
    await life.done();
  }
}
