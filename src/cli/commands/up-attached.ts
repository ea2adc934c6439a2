/**
 * The attached half of `tscompose up` (no -d): after the start phase it
 * hands the terminal to src/app/attach-logs.ts with a log printer like
 * docker compose's, Ctrl-C counted (first: stop, second: kill), and the
 * stop and kill progress printed as plain lines. Exits with the code
 * --abort-on-container-exit / --exit-code-from chose.
 */
import type { FlagValues } from '../flags.js';
import type { CommandContext } from './types.js';
import { TscomposeError } from '../../errors.js';

/** The run's exit status, printed as nothing (docker's StatusError with an empty status). */
export class ExitStatusError extends TscomposeError {
  constructor(code: number) {
    super('E_EXIT_STATUS', '', { exitCode: code });
  }
}

export interface Attachment {
  project: string;
  attach: string[];
  watch: string[];
}

export async function chooseAttachment(ctx: CommandContext): Promise<Attachment> {
  const { upAttachment } = await import('../../app/attach-set.js');
  const f = ctx.flags;
  return upAttachment(ctx.global, ctx.host, {
    services: ctx.args, attach: f.strings('attach'), noAttach: f.strings('no-attach'), attachDependencies: f.bool('attach-dependencies'), exitCodeFrom: f.string('exit-code-from'),
  });
}

export async function runAttached(ctx: CommandContext, a: Attachment, since: string, timeoutSeconds: number | undefined, watching = false): Promise<void> {
  const project = a.project;
  const f: FlagValues = ctx.flags;
  const { openDrivers } = await import('../../app/drivers.js');
  const { attachLogs } = await import('../../app/attach-logs.js');
  const { stopProjectContainers, killProjectContainers } = await import('../../app/stop-containers.js');
  const { LogPrinter } = await import('../output/log-printer.js');
  const { createProgressWriter } = await import('../progress/writer.js');
  const { Cancellation } = await import('../../exec/cancel.js');
  const d = openDrivers(ctx.io.env);
  const color = !f.bool('no-color') && ctx.display.ansi !== 'never' && (ctx.display.ansi === 'always' || ctx.io.stdoutIsTTY);
  const printer = new LogPrinter({ color, prefix: !f.bool('no-log-prefix'), timestamps: f.bool('timestamps') });
  // Ctrl-C once stops gracefully, twice kills: the escalation a plan's cancellation has.
  const cancel = new Cancellation();
  const remove = ctx.io.onInterrupt?.(() => void cancel.request());
  const progress = await createProgressWriter('plain', { write: ctx.io.stderr, isTTY: false }, { dryRun: false, title: 'Stopping', color: false });
  const stopReq = { project, services: ctx.args, onEvent: (e: Parameters<typeof progress.event>[0]) => progress.event(e), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) };
  const cascade = f.bool('abort-on-container-exit') || f.string('exit-code-from') !== '' ? 'exit' : f.bool('abort-on-container-failure') ? 'failure' : 'none';
  try {
    const code = await attachLogs(d, {
      project, attach: a.attach, watch: a.watch, cascade, since, untilInterrupted: watching, interrupt: { graceful: cancel.graceful, force: cancel.force },
      ...(f.string('exit-code-from') === '' ? {} : { exitCodeFrom: f.string('exit-code-from') }),
      stop: () => stopProjectContainers(d, stopReq), kill: () => killProjectContainers(d, stopReq),
    }, {
      attaching: (line) => ctx.io.stdout(`${line}\n`),
      info: (line) => ctx.io.stderr(`${line}\n`),
      register: (name) => printer.register(name),
      line: (e) => (e.stream === 'stderr' ? ctx.io.stderr : ctx.io.stdout)(printer.log({ container: e.container, line: e.line, time: e.time })),
      status: (name, message) => ctx.io.stdout(printer.status(name, message)),
    });
    await progress.stop();
    if (code !== 0) throw new ExitStatusError(code);
  } finally {
    remove?.();
  }
}
