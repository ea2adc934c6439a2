/**
 * `tscompose run [OPTIONS] SERVICE [COMMAND] [ARGS...]`, with docker compose's
 * flags (2.26.1's, plus --pull, --quiet and --env-from-file's absence noted in
 * the README). Flags end at SERVICE. A pseudo-terminal is allocated unless -T,
 * or when standard output is not a terminal, or (as later docker compose
 * releases decide) when none of -t, -T and -i was given and standard input is
 * not a terminal; the preparation's progress goes to stderr, then the
 * container's output is the terminal's and its status is tscompose's.
 */
import { shellSplit } from '../../compose/output/go-values.js';
import { TscomposeError, UsageError } from '../../errors.js';
import type { FlagSpec, FlagValues } from '../flags.js';
import type { CliIo } from '../io.js';
import { parseDetachKeys, runTerminalSession } from '../terminal-session.js';
import { openLifecycle } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'build', kind: 'bool', usage: 'Build image before starting container' },
  { name: 'cap-add', kind: 'stringArray', usage: 'Add Linux capabilities' },
  { name: 'cap-drop', kind: 'stringArray', usage: 'Drop Linux capabilities' },
  { name: 'detach', short: 'd', kind: 'bool', usage: 'Run container in background and print container ID' },
  { name: 'entrypoint', kind: 'string', usage: 'Override the entrypoint of the image' },
  { name: 'env', short: 'e', kind: 'stringArray', usage: 'Set environment variables' },
  { name: 'interactive', short: 'i', kind: 'bool', defaultValue: 'true', usage: 'Keep STDIN open even if not attached' },
  { name: 'label', short: 'l', kind: 'stringArray', usage: 'Add or override a label' },
  { name: 'name', kind: 'string', usage: 'Assign a name to the container' },
  { name: 'no-TTY', short: 'T', kind: 'bool', usage: 'Disable pseudo-TTY allocation (default: auto-detected)' },
  { name: 'no-deps', kind: 'bool', usage: "Don't start linked services" },
  { name: 'publish', short: 'p', kind: 'stringArray', usage: "Publish a container's port(s) to the host" },
  { name: 'pull', kind: 'string', defaultValue: 'policy', usage: 'Pull image before running ("always"|"missing"|"never")' },
  { name: 'quiet-pull', kind: 'bool', usage: 'Pull without printing progress information' },
  { name: 'remove-orphans', kind: 'bool', usage: 'Remove containers for services not defined in the Compose file' },
  { name: 'rm', kind: 'bool', usage: 'Automatically remove the container when it exits' },
  { name: 'service-ports', short: 'P', kind: 'bool', usage: "Run command with all service's ports enabled and mapped to the host" },
  { name: 'tty', short: 't', kind: 'bool', defaultValue: 'true', usage: 'Allocate a pseudo-TTY', hidden: true },
  { name: 'use-aliases', kind: 'bool', usage: "Use the service's network useAliases in the network(s) the container connects to" },
  { name: 'user', short: 'u', kind: 'string', usage: 'Run as specified username or uid' },
  { name: 'volume', short: 'v', kind: 'stringArray', usage: 'Bind mount a volume' },
  { name: 'workdir', key: 'run-workdir', short: 'w', kind: 'string', usage: 'Working directory inside the container' },
];

export const runCommand: CommandSpec = {
  name: 'run',
  use: '[OPTIONS] SERVICE [COMMAND] [ARGS...]',
  short: 'Run a one-off command on a service',
  flags: FLAGS,
  noInterspersed: true,
  load: () => Promise.resolve(runRunCommand),
};

/** docker compose's PreRunE: -t against -T, and the terminal it can have. */
export function runTty(f: FlagValues, io: Pick<CliIo, 'stdoutIsTTY' | 'stdinIsTTY'>): boolean {
  if (f.changed.has('tty')) {
    if (f.changed.has('no-TTY')) throw new UsageError("--tty and --no-TTY can't be used together");
    return f.bool('tty');
  }
  if (f.changed.has('no-TTY')) return !f.bool('no-TTY');
  if (!f.changed.has('interactive') && io.stdinIsTTY !== true) return false;
  return io.stdoutIsTTY;
}

export function entrypointFlag(f: FlagValues): string[] | undefined {
  return f.changed.has('entrypoint') ? shellSplit(f.string('entrypoint')) : undefined;
}

function request(ctx: CommandContext, tty: boolean): import('../../app/run.js').RunRequest {
  const f = ctx.flags;
  const pull = f.string('pull');
  if (!['policy', 'always', 'missing', 'never', 'build'].includes(pull)) throw new UsageError(`invalid --pull option "${pull}"`);
  const entrypoint = entrypointFlag(f);
  return {
    service: ctx.args[0] as string, command: ctx.args.slice(1), env: f.strings('env'), labels: f.strings('label'),
    user: f.string('user'), workdir: f.string('run-workdir'), volumes: f.strings('volume'), publish: f.strings('publish'),
    servicePorts: f.bool('service-ports'), capAdd: f.strings('cap-add'), capDrop: f.strings('cap-drop'), tty, interactive: f.bool('interactive'),
    name: f.string('name'), noDeps: f.bool('no-deps'), useAliases: f.bool('use-aliases'), removeOrphans: f.bool('remove-orphans'),
    compatibility: ctx.display.compatibility, ...(entrypoint === undefined ? {} : { entrypoint }), ...(f.changed.has('pull') ? { pull } : {}),
  };
}

async function runRunCommand(ctx: CommandContext): Promise<number> {
  if (ctx.args.length < 1) throw new TscomposeError('E_USAGE', `requires at least 1 arg(s), only received ${ctx.args.length}`);
  const f = ctx.flags;
  const tty = runTty(f, ctx.io);
  const detach = f.bool('detach');
  const req = request(ctx, tty);
  if (req.servicePorts && req.publish.length > 0) throw new UsageError('--service-ports and --publish are incompatible');
  // dockerd removes a detached --rm container when it exits; without a daemon nothing here would.
  if (detach && f.bool('rm')) throw new TscomposeError('E_RUN_DETACHED_RM', 'tscompose run cannot combine --rm with -d yet', { hint: 'run it attached with --rm, or detached and remove it with tscompose down --remove-orphans' });
  // docker's CheckTty: a terminal for the container needs one to read from.
  if (tty && req.interactive && !detach && ctx.io.stdinIsTTY !== true) throw new TscomposeError('E_NOT_A_TTY', 'the input device is not a TTY', { hint: 'use -T to run without a pseudo-terminal' });
  const { prepareRun } = await import('../../app/run.js');
  const life = await openLifecycle(ctx, 'Running');
  let prepared: Awaited<ReturnType<typeof prepareRun>>;
  try {
    if (!ctx.global.dryRun) await buildImage(ctx, req.service, f.bool('build'));
    prepared = await prepareRun(ctx.global, ctx.host, req, life.session);
  } finally {
    await life.done();
  }
  if (ctx.global.dryRun || prepared.container === undefined) {
    const { printPlan } = await import('../../plan/print.js');
    ctx.io.stdout(printPlan(prepared.plan));
    return 0;
  }
  const { attachOneOff } = await import('./run-session.js');
  return attachOneOff(ctx, life.session, prepared.project, prepared.container, { tty, detach, interactive: req.interactive, rm: f.bool('rm'), detachKeys: parseDetachKeys('ctrl-p,ctrl-q') });
}

/** The run service's image, built first when --build asks or it is missing (its dependencies' too, as up builds them). */
async function buildImage(ctx: CommandContext, service: string, always: boolean): Promise<void> {
  const { ensureServiceImages } = await import('../../app/build.js');
  const { loadComposeProject } = await import('../../app/load-project.js');
  const loaded = loadComposeProject(ctx.global, ctx.host, { services: [service], onWarning: () => undefined, skipResolveEnvironment: true });
  const quiet = ctx.display.progress === 'quiet';
  await ensureServiceImages({ project: loaded.project, environment: loaded.interpolationEnv }, ctx.host, {
    build: always ? 'always' : 'missing',
    warn: ctx.warn,
    ...(quiet ? {} : { progress: { write: (t: string) => ctx.io.stderr(t) } }),
    ...(ctx.global.runtime === undefined ? {} : { runtime: ctx.global.runtime }),
  });
}
