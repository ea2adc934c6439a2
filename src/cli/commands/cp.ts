/**
 * `tscompose cp`, with docker compose 2.26.1's flags (`--all` hidden and
 * deprecated, as there). The use case is src/app/copy.ts; `-` streams a tar
 * archive through standard input or output.
 */
import { TscomposeError } from '../../errors.js';
import { openLifecycle } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

export const cpCommand: CommandSpec = {
  name: 'cp',
  use: '[OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\ttscompose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH',
  short: 'Copy files/folders between a service container and the local filesystem',
  flags: [
    { name: 'archive', short: 'a', kind: 'bool', usage: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', kind: 'bool', usage: 'Always follow symbol link in SRC_PATH' },
    { name: 'index', kind: 'int', usage: 'Index of the container if service has multiple replicas' },
    { name: 'all', kind: 'bool', usage: 'Copy to all the containers of the service', hidden: true },
  ],
  load: () => Promise.resolve(runCpCommand),
};

async function runCpCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 2) throw new TscomposeError('E_USAGE', `"tscompose cp" requires exactly 2 arguments.\nSee 'tscompose cp --help'.`);
  if (ctx.flags.changed.has('all')) ctx.io.stderr('Flag --all has been deprecated, By default all the containers of the service will get the source file/directory to be copied\n');
  const { runCopy } = await import('../../app/copy.js');
  const f = ctx.flags;
  const life = await openLifecycle(ctx, 'Copying');
  try {
    await runCopy(ctx.global, ctx.host, {
      source: ctx.args[0] as string, destination: ctx.args[1] as string, index: f.int('index'), all: f.bool('all'), followLink: f.bool('follow-link'), archive: f.bool('archive'),
    }, life.session, {
      stdin: () => {
        if (ctx.io.stdinStream === undefined) throw new TscomposeError('E_USAGE', 'cannot read an archive: no standard input');
        return ctx.io.stdinStream();
      },
      stdout: (chunk) => (ctx.io.stdoutBytes === undefined ? Promise.resolve(ctx.io.stdout(Buffer.from(chunk).toString('latin1'))) : ctx.io.stdoutBytes(chunk)),
    });
  } finally {
    await life.done();
  }
}
