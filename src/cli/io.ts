/**
 * What the CLI needs from its process, as data and callbacks, so tests run
 * the whole command line in memory and only bin.ts touches `process`.
 */
export interface CliIo {
  cwd: string;
  env: Record<string, string>;
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): string;
  /** Standard input as bytes, for archives (`image load`, `image import -`). */
  stdinStream?(): AsyncIterable<Uint8Array>;
  /** Bytes to standard output, waiting for the pipe (`image save` without -o). */
  stdoutBytes?(chunk: Uint8Array): Promise<void>;
  stdoutIsTTY: boolean;
  /** Standard input is a terminal (exec and run allocate a pseudo-terminal, prompts ask survey's way). */
  stdinIsTTY?: boolean;
  /** One line of standard input, without its newline ("" at end of input): prompts. */
  readLine?(): Promise<string>;
  /** Warnings are styled for a terminal (colored `WARN[0000]`) or as log lines; defaults to stdoutIsTTY. */
  stderrIsTTY?: boolean;
  /** Terminal width for wrapping help text; without it help wraps at 80 columns as docker does off a terminal. */
  columns?: number;
  /** Clock for warning timestamps (tests pin it). */
  now?: () => Date;
  /** The node binary and the script it runs (process.execPath and argv[1]), to start the project supervisor. */
  program?: { node: string; script: string };
  /** Calls `handler` on each SIGINT or SIGTERM (with its name) until the returned function removes it. */
  onInterrupt?: (handler: (signal?: string) => void) => () => void;
  /** Bytes to standard error (exec and attach pass the container's through). */
  stderrBytes?(chunk: Uint8Array): Promise<void>;
  /** Puts a terminal standard input into raw mode, or back (exec and attach on a pseudo-terminal). */
  setRawMode?(on: boolean): void;
  /** The terminal's size, for the pseudo-terminal a command allocates. */
  terminalSize?(): { rows: number; cols: number } | undefined;
  /** Calls `handler` each time the terminal is resized (SIGWINCH) until the returned function removes it. */
  onResize?(handler: () => void): () => void;
}
