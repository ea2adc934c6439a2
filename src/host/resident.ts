/**
 * A helper process that stays up and answers one line per request line (the
 * netns helper), for work too frequent to pay a process start each time.
 * Requests are answered in order; the process is started on the first
 * request and ends when closed or when its owner exits (it reads EOF).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { CommandFailedError, CommandNotFoundError } from './command.js';
import { hostSpawner, type ProcessSpawner } from './process.js';

export interface LineChannel {
  /** Sends one line (without newline) and resolves with the reply line. */
  request(line: string): Promise<string>;
  close(): void;
}

export function residentProcess(file: string, args: readonly string[] = [], spawner: ProcessSpawner = hostSpawner): LineChannel {
  let child: ChildProcessWithoutNullStreams | undefined;
  let buffered = '';
  let stderr = '';
  let failure: Error | undefined;
  const waiting: Array<{ resolve: (s: string) => void; reject: (e: Error) => void }> = [];

  const failAll = (e: Error): void => {
    failure = e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  const start = (): ChildProcessWithoutNullStreams => {
    const c = spawner.spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        waiting.shift()?.resolve(line);
      }
      if (waiting.length === 0) pipe(c.stdout).unref();
    });
    c.stderr.setEncoding('utf8');
    c.stderr.on('data', (chunk: string) => (stderr += chunk));
    c.on('error', (e: NodeJS.ErrnoException) => failAll(e.code === 'ENOENT' ? new CommandNotFoundError(file) : e));
    // 'close', not 'exit': only then has everything the process wrote to stderr been read.
    c.on('close', (code) => {
      child = undefined;
      if (waiting.length > 0) failAll(new CommandFailedError(file, { exitCode: code ?? -1, stdout: '', stderr }));
    });
    // An idle helper must never keep the CLI alive; a pending reply does (stdout is ref'd per request).
    c.unref();
    for (const s of [c.stdout, c.stderr, c.stdin]) pipe(s).unref();
    return c;
  };

  return {
    request(line: string): Promise<string> {
      if (failure !== undefined) return Promise.reject(failure);
      child ??= start();
      const c = child;
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        pipe(c.stdout).ref();
        c.stdin.write(`${line}\n`);
      });
    },
    close(): void {
      child?.stdin.end();
      child = undefined;
    },
  };
}

/** Child stdio streams are sockets (pipes) at run time, which is what ref/unref need. */
function pipe(s: unknown): Socket {
  return s as Socket;
}
