/**
 * `commit` and `export`, with the flags of the docker compose releases that
 * added them (2.27 and later; 2.26.1 has neither): export writes the
 * container's file system as a tar to standard output (refused on a
 * terminal, as docker compose does) or `-o FILE` (written beside it and
 * renamed, mode 0600); commit makes an image of the container's changes,
 * tagged REPOSITORY[:TAG] when given, and reports `Committed as <id>`.
 */
import { TscomposeError, UsageError } from '../../errors.js';
import { openLifecycle } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

const INDEX = { name: 'index', kind: 'int', usage: 'index of the container if service has multiple replicas.' } as const;

export const exportCommand: CommandSpec = {
  name: 'export',
  use: '[OPTIONS] SERVICE',
  short: "Export a service container's filesystem as a tar archive",
  flags: [INDEX, { name: 'output', short: 'o', kind: 'string', usage: 'Write to a file, instead of STDOUT' }],
  load: () => Promise.resolve(runExport),
};

export const commitCommand: CommandSpec = {
  name: 'commit',
  use: '[OPTIONS] SERVICE [REPOSITORY[:TAG]]',
  short: "Create a new image from a service container's changes",
  flags: [
    { name: 'author', short: 'a', kind: 'string', usage: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: 'change', short: 'c', kind: 'stringArray', usage: 'Apply Dockerfile instruction to the created image' },
    INDEX,
    { name: 'message', short: 'm', kind: 'string', usage: 'Commit message' },
    { name: 'pause', short: 'p', kind: 'bool', defaultValue: 'true', usage: 'Pause container during commit' },
  ],
  load: () => Promise.resolve(runCommit),
};

async function runExport(ctx: CommandContext): Promise<void> {
  if (ctx.args.length < 1) throw new UsageError(`requires at least 1 arg(s), only received ${ctx.args.length}`);
  const output = ctx.flags.string('output');
  if (output === '' && ctx.io.stdoutIsTTY) throw new TscomposeError('E_USAGE', 'output option is required when exporting to terminal', { hint: 'use -o FILE or redirect standard output' });
  const { exportContainer, writeExport } = await import('../../app/container-image.js');
  const life = await openLifecycle(ctx, 'Exporting');
  try {
    const { tar } = await exportContainer(ctx.global, ctx.host, life.session, { service: ctx.args[0] as string, index: ctx.flags.int('index') });
    if (ctx.global.dryRun) return;
    await writeExport(tar, output, ctx.io.stdoutBytes);
  } finally {
    await life.done();
  }
}

async function runCommit(ctx: CommandContext): Promise<void> {
  if (ctx.args.length < 1 || ctx.args.length > 2) throw new UsageError(`accepts between 1 and 2 arg(s), received ${ctx.args.length}`);
  const f = ctx.flags;
  const { commitContainer } = await import('../../app/container-image.js');
  const life = await openLifecycle(ctx, 'Committing');
  try {
    await commitContainer(ctx.global, ctx.host, life.session, {
      service: ctx.args[0] as string, reference: ctx.args[1] ?? '', index: f.int('index'), pause: f.bool('pause'),
      message: f.string('message'), author: f.string('author'), changes: f.strings('change'),
    });
  } finally {
    await life.done();
  }
}
