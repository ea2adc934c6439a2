/**
 * The shape of a command, as cobra describes one: its help line and usage,
 * its own flags, and an implementation loaded only when it runs, so that
 * `tscompose version` or `--help` never load the compose pipeline.
 */
import type { GlobalOptions, HostContext } from '../../app/load-project.js';
import type { FlagSpec, FlagValues } from '../flags.js';
import type { CliIo } from '../io.js';
import type { Display } from '../global-options.js';

export interface CommandContext {
  io: CliIo;
  /** Every flag of this command line: the root's, the persistent ones and the command's own. */
  flags: FlagValues;
  /** Positional arguments. */
  args: string[];
  global: GlobalOptions;
  display: Display;
  host: HostContext;
  /** Prints a warning on stderr as docker compose does (logrus style). */
  warn(message: string): void;
}

/** Runs the command; the exit code is the number it returns (exec, wait pass one through), else 0 unless it throws. */
export type CommandRun = (ctx: CommandContext) => Promise<void | number>;

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  /** What follows the command path in the usage line, e.g. `[OPTIONS] [SERVICE...]`. */
  use: string;
  short: string;
  /** cobra's Long: the help text instead of `short`. */
  long?: string;
  flags: readonly FlagSpec[];
  /** pflag's SetInterspersed(false): flags end at the first positional argument (exec, run). */
  noInterspersed?: boolean;
  /** cobra.NoArgs: any positional argument is an error. */
  noArgs?: boolean;
  /** The version command skips the root's option checks, as docker compose's does. */
  skipPreRun?: boolean;
  /** Subcommands (`image ls`): their names are the full path after the program, e.g. `image ls`. */
  subcommands?: readonly CommandSpec[];
  /** A command group run without a subcommand: prints its help. */
  helpOnly?: boolean;
  /** Absent for the commands tscompose does not have yet: they answer "not implemented yet". */
  load?: () => Promise<CommandRun>;
}
