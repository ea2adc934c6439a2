/**
 * What up and down share on the command line: a progress writer chosen as
 * docker compose chooses it, a session for the use case (drivers, events,
 * warnings, --parallel), Ctrl-C turned into a graceful then a forced
 * cancellation, and `--dry-run` printing the plan before its events.
 */
import type { Session } from '../../app/run-context.js';
import { Cancellation } from '../../exec/cancel.js';
import { createProgressWriter, progressMode, type ProgressWriter } from '../progress/writer.js';
import type { CommandContext } from './types.js';

export interface Lifecycle {
  session: Session;
  writer: ProgressWriter;
  done(): Promise<void>;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes'].includes(v.toLowerCase());
}

export async function openLifecycle(ctx: CommandContext, title: string): Promise<Lifecycle> {
  const { openDrivers } = await import('../../app/drivers.js');
  const { supervisorLaunch } = await import('../../app/supervisor.js');
  const toStdout = truthy(ctx.io.env.COMPOSE_STATUS_STDOUT);
  const isTTY = toStdout ? ctx.io.stdoutIsTTY : (ctx.io.stderrIsTTY ?? ctx.io.stdoutIsTTY);
  const mode = progressMode(ctx.display, isTTY);
  const color = ctx.display.ansi === 'always' || (ctx.display.ansi === 'auto' && isTTY);
  const write = toStdout ? ctx.io.stdout : ctx.io.stderr;
  const writer = await createProgressWriter(mode, { write, isTTY, ...(ctx.io.columns === undefined ? {} : { columns: ctx.io.columns }) }, { dryRun: ctx.global.dryRun, title, color });
  const cancel = new Cancellation();
  const remove = ctx.io.onInterrupt?.(() => void cancel.request());
  const session: Session = {
    drivers: openDrivers(ctx.io.env, { supervisor: () => supervisorLaunch(ctx.io.env, ctx.io.program), warn: ctx.warn }),
    onEvent: (e) => writer.event(e),
    warn: ctx.warn,
    dryRun: ctx.global.dryRun,
    parallel: ctx.display.parallel,
    cancel,
    onLockWait: (holder) => ctx.io.stderr(`Waiting for ${holder} to finish with this project...\n`),
    supervisor: () => supervisorLaunch(ctx.io.env, ctx.io.program),
  };
  return {
    session,
    writer,
    done: async () => {
      remove?.();
      await writer.stop();
    },
  };
}

/** Seconds from `-t`, when the flag was given (docker compose's timeChanged). */
export function timeoutFlag(ctx: CommandContext): number | undefined {
  return ctx.flags.changed.has('timeout') ? ctx.flags.int('timeout') : undefined;
}
