/**
 * `tscompose stats [OPTIONS] [SERVICE]`: the docker CLI's stats table (or
 * json, or a template) for the project's containers. `--no-stream` prints
 * one table from two samples a second apart (CPU % needs an interval);
 * otherwise it redraws every second (clearing the terminal first, as the
 * docker CLI does on a terminal) until Ctrl-C.
 */
import { FORMAT_USAGE } from './ps.js';
import type { CommandContext, CommandSpec } from './types.js';
import { pauseUnlessAborted } from '../../host/lazy.js';

export const statsCommand: CommandSpec = {
  name: 'stats',
  use: '[OPTIONS] [SERVICE]',
  short: 'Display a live stream of container(s) resource usage statistics',
  flags: [
    { name: 'all', short: 'a', kind: 'bool', usage: 'Show all containers (default shows just running)' },
    { name: 'format', kind: 'string', usage: FORMAT_USAGE },
    { name: 'no-stream', kind: 'bool', usage: 'Disable streaming stats and only pull the first result' },
    { name: 'no-trunc', kind: 'bool', usage: 'Do not truncate output' },
  ],
  load: () => Promise.resolve(runStats),
};

const INTERVAL_MS = 1000;

async function runStats(ctx: CommandContext): Promise<void> {
  const { openDrivers } = await import('../../app/drivers.js');
  const { readProject, checkServices } = await import('../../app/read-project.js');
  const { sample, statsTargets } = await import('../../app/stats.js');
  const { formatStats } = await import('../output/read-commands.js');
  const project = readProject(ctx.global, ctx.host, ctx.warn);
  checkServices(project, ctx.args);
  const d = openDrivers(ctx.io.env);
  const targets = await statsTargets(d, project.name, ctx.args, ctx.flags.bool('all'));
  const engine = await d.engine();
  const format = ctx.flags.string('format');
  const noTrunc = ctx.flags.bool('no-trunc');
  const stop = new AbortController();
  const remove = ctx.io.onInterrupt?.(() => stop.abort());
  try {
    await sample(engine, targets);
    await pauseUnlessAborted(INTERVAL_MS, stop.signal);
    if (ctx.flags.bool('no-stream')) {
      ctx.io.stdout(formatStats(await sample(engine, targets), format, noTrunc));
      return;
    }
    while (!stop.signal.aborted) {
      const table = formatStats(await sample(engine, targets), format, noTrunc);
      ctx.io.stdout(ctx.io.stdoutIsTTY ? `\x1b[2J\x1b[H${table}` : table);
      await pauseUnlessAborted(INTERVAL_MS, stop.signal);
    }
  } finally {
    remove?.();
  }
}

