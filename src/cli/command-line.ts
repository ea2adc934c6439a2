/**
 * From argv to what to run, the way the docker compose binary gets there:
 * standalone spellings first (`-v` is `version`, `-h` is `--help`), then
 * cobra's Traverse over the root's flags to find the command (the root's
 * flags stop at the command name), then pflag over the command's flags.
 *
 * Two exit codes for flag mistakes come from that split, and scripts see
 * them: an error while traversing (`--fil x config`) exits 1, one in the
 * command's own parse (`config --fil`, or `-x config`, where cobra took
 * `config` as the value of `-x`) exits 16.
 */
import { goQuote } from '../compose/go-format.js';
import { TscomposeError, UsageError } from '../errors.js';
import { COMMANDS, findCommand } from './commands/index.js';
import type { CommandSpec } from './commands/types.js';
import { FlagError, FlagSet, FlagValues, parseFlags, takesNoValue } from './flags.js';
import { PERSISTENT_FLAGS, ROOT_FLAGS } from './global-options.js';
import { PROGRAM } from './help.js';
import { suggestionBlock } from './suggest.js';

export type Invocation =
  | { kind: 'root-help'; flags: FlagValues }
  | { kind: 'help'; command: CommandSpec; flags: FlagValues }
  /** A word that is no command: docker compose prints the root help, then the error. */
  | { kind: 'unknown-command'; error: UsageError; flags: FlagValues }
  | { kind: 'run'; command: CommandSpec; args: string[]; flags: FlagValues };

/** The flags a command accepts: its own and the root's persistent ones. */
export function commandFlags(cmd: CommandSpec): FlagSet {
  return new FlagSet([...cmd.flags, ...PERSISTENT_FLAGS]);
}

export function resolveInvocation(argv: readonly string[]): Invocation {
  const flags = new FlagValues();
  const root = new FlagSet(ROOT_FLAGS);
  const found = traverse(root, standaloneArgs(argv), flags);
  if (found.command === undefined) return rootInvocation(root, found.rest, flags);
  const { command, rest } = found.command.subcommands === undefined ? { command: found.command, rest: found.rest } : subcommandOf(found.command, found.rest);
  if (command.load === undefined) return pendingInvocation(command, rest, flags);
  const parsed = usageParse(commandFlags(command), rest, flags, command.noInterspersed !== true);
  if (flags.bool('help')) return { kind: 'help', command, flags };
  if (command.noArgs && parsed.args.length > 0) {
    throw new TscomposeError('E_USAGE', `unknown command ${goQuote(parsed.args[0] as string)} for "${PROGRAM} ${command.name}"`);
  }
  return { kind: 'run', command, args: parsed.args, flags };
}

/**
 * docker-compose's standalone conversion: among the leading flags (up to the
 * first word that is not one), `-h` means `--help` and `-v`/`--version` mean
 * the `version` command.
 */
export function standaloneArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (arg !== '' && !arg.startsWith('-')) return [...out, ...argv.slice(i)];
    if (arg === '-h') out.push('--help');
    else if (arg === '-v' || arg === '--version') out.push('version');
    else out.push(arg);
  }
  return out;
}

/** cobra's Command.Traverse, for a root whose commands have no subcommands. */
function traverse(root: FlagSet, args: readonly string[], flags: FlagValues): { command?: CommandSpec; rest: string[] } {
  const seen: string[] = [];
  let inFlag = false;
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith('--') && !arg.includes('=')) {
      inFlag = !takesNoValue(root.lookup(arg.slice(2)));
    } else if (arg.startsWith('-') && !arg.includes('=') && arg.length === 2 && !takesNoValue(root.lookupShort(arg.slice(1)))) {
      inFlag = true;
    } else if (inFlag) {
      inFlag = false;
    } else if (!isFlagArg(arg)) {
      const command = findCommand(arg);
      if (command === undefined) return { rest: [...args] };
      try {
        parseFlags(root, seen, flags, false);
      } catch (e) {
        // Not cobra's flag-error path: docker compose exits 1 here.
        if (e instanceof FlagError) throw new TscomposeError('E_USAGE', e.message);
        throw e;
      }
      return { command, rest: args.slice(i + 1) };
    }
    seen.push(arg);
  }
  return { rest: [...args] };
}

function isFlagArg(arg: string): boolean {
  return (arg.length >= 3 && arg.startsWith('--')) || (arg.length >= 2 && arg.startsWith('-') && arg[1] !== '-');
}

/** cobra's Find one level down: the first word names the subcommand; none (or only flags) is the group's help. */
function subcommandOf(group: CommandSpec, rest: readonly string[]): { command: CommandSpec; rest: string[] } {
  const word = rest[0];
  if (word === undefined || word.startsWith('-')) return { command: { ...group, load: undefined, helpOnly: true }, rest: ['--help'] };
  const sub = group.subcommands?.find((c) => c.name.split(' ').pop() === word || (c.aliases ?? []).includes(word));
  if (sub === undefined) {
    const names = (group.subcommands ?? []).map((c) => c.name.split(' ').pop() as string);
    throw new TscomposeError('E_USAGE', `unknown command ${goQuote(word)} for "${PROGRAM} ${group.name}"${suggestionBlock(word, names)}`.trimEnd());
  }
  return { command: sub, rest: rest.slice(1) };
}

/** The root command itself runs: help when there is no word, else the word is an unknown command. */
function rootInvocation(root: FlagSet, rest: readonly string[], flags: FlagValues): Invocation {
  const { args } = usageParse(root, rest, flags, false);
  if (flags.bool('help') || args.length === 0) return { kind: 'root-help', flags };
  const word = args[0] as string;
  if (flags.bool('version')) {
    const version = findCommand('version') as CommandSpec;
    return { kind: 'run', command: version, args: [], flags };
  }
  const names = COMMANDS.map((c) => c.name).sort();
  const error = new UsageError(`unknown ${PROGRAM} command: ${goQuote(word)}${suggestionBlock(word, names)}`.trimEnd());
  return { kind: 'unknown-command', error, flags };
}

/** Commands not built yet take no flags but still answer --help. */
function pendingInvocation(command: CommandSpec, rest: readonly string[], flags: FlagValues): Invocation {
  if (command.helpOnly === true) return { kind: 'help', command, flags };
  const beforeDash = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeDash.some((a) => a === '--help' || a === '-h')) return { kind: 'help', command, flags };
  return { kind: 'run', command, args: [...rest], flags };
}

/** A parse on cobra's flag-error path: docker compose turns those into exit code 16. */
function usageParse(set: FlagSet, args: readonly string[], flags: FlagValues, interspersed: boolean): { args: string[] } {
  try {
    return parseFlags(set, args, flags, interspersed);
  } catch (e) {
    if (e instanceof FlagError) throw new UsageError(e.message);
    throw e;
  }
}
