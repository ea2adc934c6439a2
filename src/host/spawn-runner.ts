/**
 * A CommandRunner on bare child_process.spawn, for the commands a `down` or
 * an `up` runs on its critical path (iptables-save and iptables-restore).
 * execa is the general runner, but loading it costs 20-150 ms of CPU and its
 * first call another ~25 ms, against ~3 ms for a spawn: for a command that
 * only needs stdin, stdout, stderr and the exit code, that is all overhead.
 * Results and failures read exactly as hostRunner's.
 */
import type { spawn as Spawn } from 'node:child_process';
import { CommandFailedError, CommandNotFoundError, commandLine, type CommandOptions, type CommandResult, type CommandRunner } from './command.js';

function collect(spawn: typeof Spawn, file: string, args: readonly string[], opts: CommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      // As execa: the given variables extend the environment rather than replace it.
      env: opts.env === undefined ? process.env : { ...process.env, ...opts.env },
      timeout: opts.timeoutMs,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new CommandNotFoundError(file) : e));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({ exitCode: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: signal === null ? stderr : `${stderr}killed by ${signal}` });
    });
    // A command that exits without reading its input closes the pipe: EPIPE then is not the command's failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  });
}

export const spawnRunner: CommandRunner = {
  async run(file, args, opts = {}) {
    // Loaded on first use: the network driver that holds this runner is opened by read commands (ps) that spawn nothing.
    const { spawn } = await import('node:child_process');
    const result = await collect(spawn, file, args, opts);
    if (result.exitCode !== 0 && opts.allowFailure !== true) throw new CommandFailedError(commandLine(file, args), result);
    return result;
  },
};
