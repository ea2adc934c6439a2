/**
 * `exec` and `attach`, with docker compose 2.26.1's flags. exec allocates a
 * pseudo-terminal unless -T or standard output is not a terminal (docker
 * compose's default for -T), keeps stdin open (-i, hidden, on by default)
 * and exits with the command's status; attach follows a running container's
 * output, forwards stdin unless --no-stdin, detaches on the detach keys and
 * exits with the container's status when it ends.
 */
import { TscomposeError } from '../../errors.js';
import type { FlagSpec } from '../flags.js';
import { parseDetachKeys, runTerminalSession, writableInput } from '../terminal-session.js';
import type { Session } from '../../app/run-context.js';
import type { CommandContext, CommandSpec } from './types.js';

/** exec and attach print no progress: the terminal belongs to the session. */
async function quietSession(ctx: CommandContext): Promise<{ session: Session; done(): Promise<void> }> {
  const { openDrivers } = await import('../../app/drivers.js');
  const session: Session = { drivers: openDrivers(ctx.io.env), onEvent: () => undefined, warn: ctx.warn, dryRun: ctx.global.dryRun, parallel: ctx.display.parallel };
  return { session, done: () => Promise.resolve() };
}

const EXEC_FLAGS: readonly FlagSpec[] = [
  { name: 'detach', short: 'd', kind: 'bool', usage: 'Detached mode: Run command in the background' },
  { name: 'env', short: 'e', kind: 'stringArray', usage: 'Set environment variables' },
  { name: 'index', kind: 'int', usage: 'Index of the container if service has multiple replicas' },
  { name: 'privileged', kind: 'bool', usage: 'Give extended privileges to the process' },
  { name: 'user', short: 'u', kind: 'string', usage: 'Run the command as this user' },
  { name: 'no-TTY', short: 'T', kind: 'bool', usage: 'Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.' },
  { name: 'workdir', key: 'exec-workdir', short: 'w', kind: 'string', usage: 'Path to workdir directory for this command' },
  { name: 'interactive', short: 'i', kind: 'bool', defaultValue: 'true', usage: 'Keep STDIN open even if not attached', hidden: true },
  { name: 'tty', short: 't', kind: 'bool', defaultValue: 'true', usage: 'Allocate a pseudo-TTY', hidden: true },
];

export const execCommand: CommandSpec = {
  name: 'exec',
  use: '[OPTIONS] SERVICE COMMAND [ARGS...]',
  short: 'Execute a command in a running container',
  flags: EXEC_FLAGS,
  noInterspersed: true,
  load: () => Promise.resolve(runExecCommand),
};

function minArgs(ctx: CommandContext, n: number): void {
  if (ctx.args.length < n) throw new TscomposeError('E_USAGE', `requires at least ${n} arg(s), only received ${ctx.args.length}`);
}

async function runExecCommand(ctx: CommandContext): Promise<number> {
  minArgs(ctx, 2);
  const f = ctx.flags;
  const tty = f.changed.has('no-TTY') ? !f.bool('no-TTY') : ctx.io.stdoutIsTTY;
  const interactive = f.bool('interactive');
  const detach = f.bool('detach');
  if (tty && interactive && !detach && ctx.io.stdinIsTTY !== true) throw new TscomposeError('E_NOT_A_TTY', 'the input device is not a TTY', { hint: 'use -T to run without a pseudo-terminal' });
  const { openExec } = await import('../../app/exec.js');
  const life = await quietSession(ctx);
  let removeInterrupt: (() => void) | undefined;
  try {
    const { handle } = await openExec(ctx.global, ctx.host, {
      service: ctx.args[0] as string, command: ctx.args.slice(1), index: f.int('index'), detach, env: f.strings('env'),
      user: f.string('user'), workdir: f.string('exec-workdir'), privileged: f.bool('privileged'), tty, interactive,
    }, life.session);
    if (detach) return 0;
    // Off a terminal Ctrl-C ends the CLI, not the command, as with docker exec; docker's shell reports 130.
    const interrupted = new Promise<void>((resolve) => (removeInterrupt = ctx.io.onInterrupt?.(() => resolve())));
    const { detached } = await runTerminalSession(ctx.io, {
      tty, stdout: handle.stdout, stderr: handle.stderr, resize: (r, c) => handle.resize(r, c), stop: interrupted,
      ...(handle.stdin === null ? {} : { input: writableInput(handle.stdin) }),
    });
    if (detached) return 130;
    const exit = await handle.exit;
    return exit.exitCode;
  } finally {
    removeInterrupt?.();
    await life.done();
  }
}

export const attachCommand: CommandSpec = {
  name: 'attach',
  use: '[OPTIONS] SERVICE',
  short: "Attach local standard input, output, and error streams to a service's running container",
  flags: [
    { name: 'detach-keys', kind: 'string', usage: 'Override the key sequence for detaching from a container.' },
    { name: 'index', kind: 'int', usage: 'index of the container if service has multiple replicas.' },
    { name: 'no-stdin', kind: 'bool', usage: 'Do not attach STDIN' },
    { name: 'sig-proxy', kind: 'bool', defaultValue: 'true', usage: 'Proxy all received signals to the process' },
  ],
  load: () => Promise.resolve(runAttachCommand),
};

async function runAttachCommand(ctx: CommandContext): Promise<number> {
  minArgs(ctx, 1);
  const f = ctx.flags;
  const keys = parseDetachKeys(f.string('detach-keys') === '' ? 'ctrl-p,ctrl-q' : f.string('detach-keys'));
  const { openAttach } = await import('../../app/exec.js');
  const life = await quietSession(ctx);
  let removeProxy: (() => void) | undefined;
  try {
    const { container, handle, signal } = await openAttach(ctx.global, ctx.host, { service: ctx.args[0] as string, index: f.int('index') }, life.session);
    const tty = container.description.tty === true;
    // docker proxies signals only without a terminal: on one, Ctrl-C is a byte for the container.
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    const proxy = f.bool('sig-proxy') && !tty;
    removeProxy = ctx.io.onInterrupt?.((sig) => (proxy ? void signal(sig ?? 'SIGINT').catch(() => undefined) : interrupt()));
    const input = f.bool('no-stdin') ? undefined : { write: (c: Uint8Array) => handle.write(Buffer.from(c)), end: () => handle.closeStdin() };
    const { detached } = await runTerminalSession(ctx.io, { tty, stdout: handle.stdout, stderr: handle.stderr, resize: (r, c) => handle.resize(r, c), detachKeys: keys, stop: interrupted, ...(input === undefined ? {} : { input }) });
    if (detached) {
      handle.detach();
      return 0;
    }
    const exit = await handle.exit;
    return exit?.exitCode ?? 0;
  } finally {
    removeProxy?.();
    await life.done();
  }
}
