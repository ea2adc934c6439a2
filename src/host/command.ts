/**
 * The one seam through which tscompose runs host binaries (iptables-restore,
 * ip, the runtime, mount helpers). Drivers take a `CommandRunner` so unit tests
 * pass a `RecordingRunner` and assert on the exact commands, and every failure
 * reads like execa's: "Command failed with exit code 2: iptables-restore
 * --noflush" followed by what the command printed on stderr.
 */
import { TscomposeError } from '../errors.js';

export interface CommandOptions {
  /** Written to the command's standard input. */
  input?: string | Uint8Array;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Resolve with the result instead of throwing when the exit code is not 0. */
  allowFailure?: boolean;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(file: string, args: readonly string[], opts?: CommandOptions): Promise<CommandResult>;
}

export class CommandFailedError extends TscomposeError {
  readonly command: string;
  readonly result: CommandResult;
  constructor(command: string, result: CommandResult, hint?: string) {
    const stderr = result.stderr.trim();
    super('E_COMMAND_FAILED', `Command failed with exit code ${result.exitCode}: ${command}${stderr === '' ? '' : `\n${stderr}`}`, { hint });
    this.command = command;
    this.result = result;
  }
}

/** A binary tscompose needs is not installed. */
export class CommandNotFoundError extends TscomposeError {
  constructor(file: string, hint?: string) {
    super('E_COMMAND_NOT_FOUND', `${file}: executable file not found in $PATH`, { hint });
  }
}

export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

export const hostRunner: CommandRunner = {
  async run(file, args, opts = {}) {
    // Loaded on first use: execa pulls in a good part of Node's stream and
    // child-process stack, ~45 ms of a cached `build` that runs no command.
    const { execa } = await import('execa');
    const r = await execa(file, args, {
      input: opts.input,
      env: opts.env,
      cwd: opts.cwd,
      timeout: opts.timeoutMs,
      reject: false,
      stripFinalNewline: false,
      encoding: 'utf8',
    });
    if ((r as { code?: string }).code === 'ENOENT') throw new CommandNotFoundError(file);
    const result = { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
    if (result.exitCode !== 0 && opts.allowFailure !== true) throw new CommandFailedError(commandLine(file, args), result);
    return result;
  },
};

export interface RecordedCommand {
  file: string;
  args: readonly string[];
  input?: string;
}

/**
 * A test double that records each command and answers from a list of canned
 * replies, matched in order by a predicate on the command line.
 */
export class RecordingRunner implements CommandRunner {
  readonly calls: RecordedCommand[] = [];
  private readonly replies: Array<{ match: (line: string) => boolean; result: Partial<CommandResult> }> = [];

  reply(match: RegExp | ((line: string) => boolean), result: Partial<CommandResult>): this {
    this.replies.push({ match: typeof match === 'function' ? match : (l) => match.test(l), result });
    return this;
  }

  /** The recorded command lines, one string each, as a test asserts on them. */
  lines(): string[] {
    return this.calls.map((c) => commandLine(c.file, c.args));
  }

  async run(file: string, args: readonly string[], opts: CommandOptions = {}): Promise<CommandResult> {
    const input = typeof opts.input === 'string' ? opts.input : opts.input === undefined ? undefined : new TextDecoder().decode(opts.input);
    this.calls.push({ file, args: [...args], ...(input === undefined ? {} : { input }) });
    const line = commandLine(file, args);
    const found = this.replies.find((r) => r.match(line));
    const result = { exitCode: 0, stdout: '', stderr: '', ...found?.result };
    if (result.exitCode !== 0 && opts.allowFailure !== true) throw new CommandFailedError(line, result);
    return result;
  }
}
