/**
 * Log lines as docker compose prints them (cmd/formatter/logs.go): each
 * container gets a prefix `web-1  | ` padded to the longest name registered
 * so far plus one, in the next colour of compose's rotation (cyan, yellow,
 * green, magenta, blue, then their bright forms); every line starts with
 * ESC[2K as compose clears the line; `--no-log-prefix` drops the prefix,
 * `--no-color` the colours, `-t` puts the entry's timestamp after the prefix.
 */
const RAINBOW = ['36', '33', '32', '35', '34', '36;1', '33;1', '32;1', '35;1', '34;1'];
const CLEAR_LINE = '\x1b[2K';

export interface LogPrinterOptions {
  color: boolean;
  prefix: boolean;
  timestamps: boolean;
}

export interface LogLine {
  container: string;
  line: string;
  /** RFC 3339 with nanoseconds, from the log. */
  time?: string;
}

export class LogPrinter {
  private readonly colors = new Map<string, string | undefined>();
  private width = 0;
  private next = 0;

  constructor(private readonly opts: LogPrinterOptions) {}

  register(name: string): void {
    if (this.colors.has(name)) return;
    this.colors.set(name, this.opts.color ? RAINBOW[this.next++ % RAINBOW.length] : undefined);
    this.width = Math.max(this.width, name.length + 1);
  }

  private paint(name: string, s: string): string {
    const code = this.colors.get(name);
    return code === undefined ? s : `\x1b[${code}m${s}\x1b[0m`;
  }

  private prefixOf(name: string): string {
    return this.opts.prefix ? this.paint(name, `${name.padEnd(this.width)} | `) : '';
  }

  /** One entry, which may hold several lines; each is printed with the prefix. */
  log(entry: LogLine): string {
    this.register(entry.container);
    const prefix = this.prefixOf(entry.container);
    const stamp = this.opts.timestamps && entry.time !== undefined ? `${entry.time} ` : '';
    return entry.line.split('\n').map((l) => `${CLEAR_LINE}${prefix}${stamp}${l}\n`).join('');
  }

  /** `web-1 exited with code 0`, in the container's colour. */
  status(container: string, message: string): string {
    this.register(container);
    return this.paint(container, `${container} ${message}\n`);
  }
}
