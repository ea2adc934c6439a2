/**
 * The executable: the only module that touches `process`. It hands argv, the
 * environment and the standard streams to runCli and exits with its code.
 */
import { readFileSync, readSync, writeSync } from 'node:fs';
import { runCli } from './main.js';

/**
 * NODE_EXTRA_CA_CERTS makes Node 20 parse its whole bundle of root
 * certificates at start-up (nodejs/node#40524): about four fifths of the
 * instructions of `node -e 0` on a machine that sets it. The bin's shebang
 * (scripts/build.mjs) starts Node without it and hands its value over in
 * TSCOMPOSE_NODE_EXTRA_CA_CERTS. Here the environment is put back as the
 * user had it, for the CLI and every child; our own TLS clients read the
 * file when they first connect (src/host/tls-ca.ts). Restarting in a process
 * that loads them, as commands did before, cost a second Node start: more
 * than `up -d` of a small project spends on its containers.
 */
const DEFERRED = 'TSCOMPOSE_NODE_EXTRA_CA_CERTS';
const deferredCaCerts = process.env[DEFERRED];
delete process.env[DEFERRED];
if (deferredCaCerts !== undefined && deferredCaCerts !== '') process.env.NODE_EXTRA_CA_CERTS = deferredCaCerts;

/**
 * Text goes out with write(2) on the descriptor, as Go's os.Stdout does:
 * touching process.stdout would set up Node's stream classes for it, a
 * start-up cost every command paid for a few writes. A closed pipe
 * (`tscompose config | head -1`) ends the program quietly, as SIGPIPE ends
 * docker compose.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      // A descriptor inherited in non-blocking mode: wait a moment and go on.
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      else throw err;
    }
  }
}

/** process.stdout, for the commands that stream bytes; set up on first use only. */
let stdoutStream: NodeJS.WriteStream | undefined;
function stdout(): NodeJS.WriteStream {
  if (stdoutStream === undefined) {
    stdoutStream = process.stdout;
    stdoutStream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return stdoutStream;
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
  stdout: (s) => writeAll(1, s),
  stderr: (s) => writeAll(2, s),
  readStdin: () => readFileSync(0, 'utf8'),
  stdinStream: () => process.stdin,
  stdoutBytes: (chunk) => new Promise<void>((resolve) => (stdout().write(chunk) ? resolve() : stdout().once('drain', resolve))),
  stderrBytes: (chunk) => new Promise<void>((resolve) => (process.stderr.write(chunk) ? resolve() : process.stderr.once('drain', resolve))),
  setRawMode: (on) => {
    if (process.stdin.isTTY) process.stdin.setRawMode(on);
  },
  terminalSize: () => (process.stdout.isTTY ? { rows: process.stdout.rows, cols: process.stdout.columns } : undefined),
  onResize: (handler) => {
    process.on('SIGWINCH', handler);
    return () => void process.off('SIGWINCH', handler);
  },
  // Asked only when needed (help, warnings, progress): each question sets up a stream.
  get stdoutIsTTY() {
    return process.stdout.isTTY === true;
  },
  get stdinIsTTY() {
    return process.stdin.isTTY === true;
  },
  readLine,
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
  get columns() {
    return process.stdout.columns;
  },
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
