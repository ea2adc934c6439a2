/**
 * The command line: resolve argv to a command, run it, and be the one place
 * that turns errors into text and exit codes. A TscomposeError prints its
 * message (and hint) and exits with its code; anything else is a bug and
 * prints "internal error" with the stack. `--verbose` or TSCOMPOSE_DEBUG=1
 * print stacks for every error.
 */
import { homedir } from 'node:os';
import type { HostContext } from '../app/load-project.js';
import { TscomposeError } from '../errors.js';
import { hostFs } from '../host/fs.js';
import { resolveInvocation, type Invocation } from './command-line.js';
import { COMMANDS } from './commands/index.js';
import type { CommandSpec } from './commands/types.js';
import { globalOptionsOf, PERSISTENT_FLAGS, prepareOptions, ROOT_FLAGS, type Display, type PreparedOptions } from './global-options.js';
import { commandHelp, PROGRAM, rootHelp } from './help.js';
import type { CliIo } from './io.js';
import { formatLogLine } from './output/log.js';

export type { CliIo } from './io.js';

/** pflag wraps help at the terminal width minus one, 80 columns when there is no terminal. */
const DEFAULT_COLUMNS = 80;

const startedAt = Date.now();

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let verbose = argv.includes('--verbose');
  try {
    const inv = resolveInvocation(argv);
    verbose = inv.flags.bool('verbose');
    return await execute(inv, io);
  } catch (e) {
    return report(e, io, verbose || isTruthy(io.env.TSCOMPOSE_DEBUG));
  }
}

async function execute(inv: Invocation, io: CliIo): Promise<number> {
  // Only help wraps: asking the terminal costs a start-up the streams behind it (bin.ts).
  const cols = (): number => (io.stdoutIsTTY && io.columns ? io.columns : DEFAULT_COLUMNS) - 1;
  switch (inv.kind) {
    case 'root-help':
      io.stdout(rootHelp(ROOT_FLAGS, COMMANDS, cols()));
      return 0;
    case 'help':
      io.stdout(commandHelp(inv.command, [...inv.command.flags, ...PERSISTENT_FLAGS], cols()));
      return 0;
    case 'unknown-command':
      io.stdout(rootHelp(ROOT_FLAGS, COMMANDS, cols()));
      throw inv.error;
    case 'run':
      return run(inv.command, inv, io);
  }
}

async function run(command: CommandSpec, inv: Extract<Invocation, { kind: 'run' }>, io: CliIo): Promise<number> {
  const prepared = command.skipPreRun ? unchecked(inv, io) : prepareOptions(inv.flags, io);
  for (const notice of prepared.notices) io.stderr(notice);
  if (command.load === undefined) {
    throw new TscomposeError('E_NOT_IMPLEMENTED', `${PROGRAM} ${command.name} is not implemented yet`, {
      hint: `${PROGRAM} has the compose model today (${PROGRAM} config); the commands that run containers come with its runtime`,
    });
  }
  const runCommand = await command.load();
  const code = await runCommand({
    io,
    flags: inv.flags,
    args: inv.args,
    global: prepared.global,
    display: prepared.display,
    host: hostContext(io),
    warn: (message) => io.stderr(logLine('warning', message, io)),
  });
  return typeof code === 'number' ? code : 0;
}

function unchecked(inv: Extract<Invocation, { kind: 'run' }>, io: CliIo): PreparedOptions {
  const display: Display = { ansi: 'auto', progress: 'auto', parallel: -1, verbose: false, compatibility: false, allResources: false };
  return { global: globalOptionsOf(inv.flags, io), display, notices: [] };
}

function hostContext(io: CliIo): HostContext {
  return { cwd: io.cwd, env: io.env, fs: hostFs, homeDir: io.env.HOME ?? homedir(), readStdin: () => io.readStdin() };
}

function logLine(level: 'warning' | 'error', message: string, io: CliIo): string {
  const now = io.now?.() ?? new Date();
  const terminal = io.stderrIsTTY ?? io.stdoutIsTTY;
  return formatLogLine(level, message, { terminal, now, elapsedSeconds: Math.max(0, (now.getTime() - startedAt) / 1000) });
}

/** The single error boundary. */
export function report(e: unknown, io: CliIo, debug: boolean): number {
  if (e instanceof TscomposeError) {
    // An empty message is an exit status alone (up --exit-code-from), as docker's StatusError.
    if (e.message !== '') io.stderr(`${e.message}\n`);
    if (e.hint) io.stderr(`hint: ${e.hint}\n`);
    if (debug) io.stderr(stackOf(e));
    return e.exitCode;
  }
  if (isSystemError(e)) {
    // The OS refused something (EACCES, EISDIR, ...): its message names the path, and that is the user's to fix.
    io.stderr(`${e.message}\n`);
    if (debug) io.stderr(stackOf(e));
    return 1;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`internal error: ${message}\n${stackOf(e)}`);
  return 1;
}

function stackOf(e: unknown): string {
  const stack = e instanceof Error ? e.stack : undefined;
  return stack === undefined ? '' : `${stack}\n`;
}

function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes'].includes(v.toLowerCase());
}
