/**
 * The executable: the only module that touches `process`. It hands argv, the
 * environment and the standard streams to runCli and exits with its code.
 */
import { readFileSync, readSync } from 'node:fs';
import { runCli } from './main.js';

// A closed pipe (`tscompose config | head -1`) ends the program quietly, as SIGPIPE ends docker compose.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** One line from standard input, read a byte at a time so nothing after it is consumed. */
function readLine(): Promise<string> {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let n = 0;
    try {
      n = readSync(0, one, 0, 1, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0 || one[0] === 0x0a) break;
    bytes.push(one[0] as number);
  }
  return Promise.resolve(Buffer.from(bytes).toString('utf8'));
}

const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;

// No top-level await: the bundle is CommonJS so its compiled code can be cached (scripts/launcher.cjs).
void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env,
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readStdin: () => readFileSync(0, 'utf8'),
  stdinStream: () => process.stdin,
  stdoutBytes: (chunk) => new Promise<void>((resolve) => (process.stdout.write(chunk) ? resolve() : process.stdout.once('drain', resolve))),
  stderrBytes: (chunk) => new Promise<void>((resolve) => (process.stderr.write(chunk) ? resolve() : process.stderr.once('drain', resolve))),
  setRawMode: (on) => {
    if (process.stdin.isTTY) process.stdin.setRawMode(on);
  },
  terminalSize: () => (process.stdout.isTTY ? { rows: process.stdout.rows, cols: process.stdout.columns } : undefined),
  onResize: (handler) => {
    process.on('SIGWINCH', handler);
    return () => void process.off('SIGWINCH', handler);
  },
  stdoutIsTTY: process.stdout.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  readLine,
  stderrIsTTY: process.stderr.isTTY === true,
  columns: process.stdout.columns,
  program: { node: process.execPath, script: process.argv[1] ?? '' },
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
}).then((code) => {
  process.exitCode = code;
});
