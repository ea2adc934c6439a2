/**
 * `tscompose logs [OPTIONS] [SERVICE...]`, docker compose 2.26.1's flags:
 * every container of the selected services (stopped ones too), each line
 * prefixed `web-1  | ` in the container's colour (src/cli/output/log-printer.ts);
 * `-f` follows them (and containers that appear) until they have all exited,
 * printing `web-1 exited with code 0` for each, or until Ctrl-C.
 */
import { TscomposeError } from '../../errors.js';
import type { FlagSpec } from '../flags.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'follow', short: 'f', kind: 'bool', usage: 'Follow log output' },
  { name: 'index', kind: 'int', usage: 'index of the container if service has multiple replicas' },
  { name: 'no-color', kind: 'bool', usage: 'Produce monochrome output' },
  { name: 'no-log-prefix', kind: 'bool', usage: "Don't print prefix in logs" },
  { name: 'since', kind: 'string', usage: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
  { name: 'tail', short: 'n', kind: 'string', defaultValue: 'all', usage: 'Number of lines to show from the end of the logs for each container' },
  { name: 'timestamps', short: 't', kind: 'bool', usage: 'Show timestamps' },
  { name: 'until', kind: 'string', usage: 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
];

export const logsCommand: CommandSpec = {
  name: 'logs',
  use: '[OPTIONS] [SERVICE...]',
  short: 'View output from containers',
  flags: FLAGS,
  load: () => Promise.resolve(runLogs),
};

async function runLogs(ctx: CommandContext): Promise<void> {
  const f = ctx.flags;
  const index = f.int('index');
  if (index > 0 && ctx.args.length !== 1) throw new TscomposeError('E_USAGE', '--index requires one service to be selected');
  const { logTime, tailCount } = await import('../../app/log-times.js');
  const now = (ctx.io.now ?? (() => new Date()))();
  const since = logTime('since', f.string('since'), now)?.toISOString();
  const until = logTime('until', f.string('until'), now)?.toISOString();
  const tail = tailCount(f.string('tail'));
  const { openDrivers } = await import('../../app/drivers.js');
  const { readProject, checkServices } = await import('../../app/read-project.js');
  const { projectLogs } = await import('../../app/logs.js');
  const { LogPrinter } = await import('../output/log-printer.js');
  const project = readProject(ctx.global, ctx.host, ctx.warn);
  checkServices(project, ctx.args);
  const color = !f.bool('no-color') && ctx.display.ansi !== 'never' && (ctx.display.ansi === 'always' || ctx.io.stdoutIsTTY);
  const printer = new LogPrinter({ color, prefix: !f.bool('no-log-prefix'), timestamps: f.bool('timestamps') });
  const stop = new AbortController();
  const remove = ctx.io.onInterrupt?.(() => stop.abort());
  try {
    await projectLogs(openDrivers(ctx.io.env), project, {
      services: ctx.args, index, follow: f.bool('follow'), signal: stop.signal,
      ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }), ...(tail === undefined ? {} : { tail }),
    }, {
      attach: (name) => printer.register(name),
      line: (e) => ctx.io.stdout(printer.log({ container: e.container, line: e.line, time: e.time })),
      exit: (name, _service, code) => ctx.io.stdout(printer.status(name, `exited with code ${code}`)),
    });
  } finally {
    remove?.();
  }
}
