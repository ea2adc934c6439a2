/**
 * The root command's options (`tscompose [OPTIONS] COMMAND`) and the checks
 * docker compose runs on them before any command (its PersistentPreRunE):
 * ANSI and progress modes, deprecated spellings, COMPOSE_* variables.
 */
import { isAbsolute, resolve } from 'node:path';
import type { GlobalOptions } from '../app/load-project.js';
import { goQuote } from '../compose/go-format.js';
import { TscomposeError } from '../errors.js';
import type { FlagSpec, FlagValues } from './flags.js';
import type { CliIo } from './io.js';

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', kind: 'bool', usage: 'Show help', hidden: true, persistent: true };
export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', kind: 'bool', usage: 'Execute command in dry run mode', persistent: true };

export const ROOT_FLAGS: readonly FlagSpec[] = [
  { name: 'profile', kind: 'stringArray', usage: 'Specify a profile to enable' },
  { name: 'project-name', short: 'p', kind: 'string', usage: 'Project name' },
  { name: 'file', short: 'f', kind: 'stringArray', usage: 'Compose configuration files' },
  { name: 'env-file', kind: 'stringArray', usage: 'Specify an alternate environment file' },
  {
    name: 'project-directory',
    kind: 'string',
    usage: 'Specify an alternate working directory\n(default: the path of the, first specified, Compose file)',
  },
  { name: 'workdir', kind: 'string', usage: 'DEPRECATED! USE --project-directory INSTEAD.', hidden: true },
  { name: 'compatibility', kind: 'bool', usage: 'Run compose in backward compatibility mode' },
  { name: 'progress', kind: 'string', defaultValue: 'auto', usage: 'Set type of progress output (auto, tty, plain, json, quiet)' },
  { name: 'all-resources', kind: 'bool', usage: 'Include all resources, even those not used by services' },
  { name: 'ansi', kind: 'string', defaultValue: 'auto', usage: 'Control when to print ANSI control characters ("never"|"always"|"auto")' },
  { name: 'parallel', kind: 'int', defaultValue: '-1', usage: 'Control max parallelism, -1 for unlimited' },
  { name: 'version', short: 'v', kind: 'bool', usage: 'Show the tscompose version information', hidden: true },
  DRY_RUN_FLAG,
  { name: 'no-ansi', kind: 'bool', usage: 'Do not print ANSI control characters (DEPRECATED)', hidden: true },
  { name: 'verbose', kind: 'bool', usage: 'Show more output', hidden: true },
  // tscompose's own: docker compose has no such flag, so it stays out of the help it mirrors.
  { name: 'runtime', kind: 'string', usage: 'OCI runtime for containers: embedded, crun or runc (default: $TSCOMPOSE_RUNTIME, else embedded)', hidden: true },
  HELP_FLAG,
];

export const PERSISTENT_FLAGS: readonly FlagSpec[] = ROOT_FLAGS.filter((f) => f.persistent === true);

/** How commands should talk to the terminal, settled once from flags and environment. */
export interface Display {
  ansi: 'never' | 'always' | 'auto';
  progress: 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
  /** Max parallel operations, -1 for unlimited. */
  parallel: number;
  verbose: boolean;
  compatibility: boolean;
  allResources: boolean;
}

export interface PreparedOptions {
  global: GlobalOptions;
  display: Display;
  /** Deprecation notices docker compose prints on stderr. */
  notices: string[];
}

/** The options every command starts from, without the checks (for commands that skip them). */
export function globalOptionsOf(flags: FlagValues, io: CliIo): GlobalOptions {
  const projectDirectory = flags.string('project-directory') || flags.string('workdir');
  return {
    files: flags.strings('file'),
    projectName: flags.string('project-name') || undefined,
    projectDirectory: projectDirectory || undefined,
    envFiles: flags.strings('env-file').map((f) => (isAbsolute(f) ? f : resolve(io.cwd, f))),
    profiles: flags.strings('profile'),
    dryRun: flags.bool('dry-run'),
    verbose: flags.bool('verbose'),
    runtime: flags.string('runtime') || undefined,
  };
}

/** docker compose's root PersistentPreRunE, step by step; its errors exit with 1. */
export function prepareOptions(flags: FlagValues, io: CliIo): PreparedOptions {
  const notices: string[] = [];
  let ansi = flags.string('ansi');
  if (flags.bool('no-ansi')) {
    if (ansi !== 'auto') throw plain('cannot specify DEPRECATED "--no-ansi" and "--ansi". Please use only "--ansi"');
    ansi = 'never';
    notices.push("option '--no-ansi' is DEPRECATED ! Please use '--ansi' instead.\n");
  }
  if (io.env.COMPOSE_ANSI !== undefined && !flags.changed.has('ansi')) ansi = io.env.COMPOSE_ANSI;
  const progress = checkProgress(progressOf(flags, io), ansi);
  if (flags.string('workdir') !== '') {
    if (flags.string('project-directory') !== '') {
      throw plain('cannot specify DEPRECATED "--workdir" and "--project-directory". Please use only "--project-directory" instead');
    }
    notices.push("\x1b[31moption '--workdir' is DEPRECATED at root level! Please use '--project-directory' instead.\n\x1b[0m");
  }
  const display: Display = {
    ansi: io.env.NO_COLOR ? 'never' : ansiMode(ansi),
    progress,
    parallel: parallelOf(flags, io),
    verbose: flags.bool('verbose'),
    compatibility: flags.bool('compatibility'),
    allResources: flags.bool('all-resources'),
  };
  return { global: globalOptionsOf(flags, io), display, notices };
}

/** Unknown `--ansi` values behave as `auto`, as docker compose lets them. */
function ansiMode(value: string): Display['ansi'] {
  return value === 'never' || value === 'always' ? value : 'auto';
}

function progressOf(flags: FlagValues, io: CliIo): string {
  const fromEnv = io.env.COMPOSE_PROGRESS;
  return fromEnv !== undefined && !flags.changed.has('progress') ? fromEnv : flags.string('progress');
}

function checkProgress(progress: string, ansi: string): Display['progress'] {
  switch (progress) {
    case 'auto':
    case 'json':
    case 'quiet':
      return progress;
    case 'none':
      return 'quiet';
    case 'tty':
      if (ansi === 'never') throw plain("can't use --progress tty while ANSI support is disabled");
      return 'tty';
    case 'plain':
      if (ansi === 'always') throw plain("can't use --progress plain while ANSI support is forced");
      return 'plain';
    default:
      throw plain(`unsupported --progress value ${goQuote(progress)}`);
  }
}

const DECIMAL_INT = /^[+-]?[0-9]+$/;

/** COMPOSE_PARALLEL_LIMIT, read with strconv.Atoi, counts unless --parallel is given. */
function parallelOf(flags: FlagValues, io: CliIo): number {
  const fromEnv = io.env.COMPOSE_PARALLEL_LIMIT;
  if (fromEnv === undefined || flags.changed.has('parallel')) return flags.int('parallel');
  if (!DECIMAL_INT.test(fromEnv) || !Number.isSafeInteger(Number(fromEnv))) {
    throw plain(`COMPOSE_PARALLEL_LIMIT must be an integer (found: ${goQuote(fromEnv)})`);
  }
  return Number(fromEnv);
}

function plain(message: string): TscomposeError {
  return new TscomposeError('E_OPTIONS', message);
}
