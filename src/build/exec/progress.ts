/**
 * Build output in the form of BuildKit's plain progress: numbered vertices
 * (`#5 [app 2/4] RUN npm ci`), their output lines with the seconds since the
 * vertex started (`#5 0.512 added 10 packages`), then `#5 DONE 0.3s`,
 * `#5 CACHED` or `#5 ERROR: ...`, each vertex closed by a blank line.
 */

export interface ProgressSink {
  write(text: string): void;
}

export interface Vertex {
  log(line: string): void;
  /** A status line of its own (`#9 writing image sha256:... done`). */
  status(text: string): void;
  done(): void;
  cached(): void;
  error(message: string): void;
  /** The output lines so far (kept for the error summary). */
  readonly lines: readonly string[];
}

export interface PlainProgressOptions {
  /** Compose's service name, put in front of each vertex name (`[web 2/4]`). */
  prefix?: string;
  /** Milliseconds, for elapsed times; injectable for tests. */
  now?: () => number;
  /** Shared by the builds of one command, so vertex numbers keep counting across services as in one BuildKit session. */
  counter?: { next: number };
}

export class PlainProgress {
  private readonly counter: { next: number };
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly opts: PlainProgressOptions = {},
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.counter = opts.counter ?? { next: 1 };
  }

  start(name: string): Vertex {
    const n = this.counter.next++;
    const started = this.now();
    const lines: string[] = [];
    const elapsed = (): number => (this.now() - started) / 1000;
    const out = (s: string): void => this.sink.write(`#${n} ${s}\n`);
    out(this.prefixed(name));
    return {
      lines,
      log: (line) => {
        lines.push(line);
        out(`${elapsed().toFixed(3)} ${line}`);
      },
      status: (text) => out(text),
      done: () => this.sink.write(`#${n} DONE ${elapsed().toFixed(1)}s\n\n`),
      cached: () => this.sink.write(`#${n} CACHED\n\n`),
      error: (message) => this.sink.write(`#${n} ERROR: ${message}\n\n`),
    };
  }

  private prefixed(name: string): string {
    const p = this.opts.prefix;
    if (p === undefined || p === '') return name;
    return name.startsWith('[') ? `[${p} ${name.slice(1)}` : `[${p}] ${name}`;
  }

  /** BuildKit's summary after a failed vertex: its name and last output lines between rules. */
  failure(name: string, lines: readonly string[]): void {
    const tail = lines.slice(-10).map((l) => `${l}\n`).join('');
    this.sink.write(`------\n > ${this.prefixed(name)}:\n${tail}------\n`);
  }
}

/** docker/go-units HumanSize: 3 significant digits, decimal units (`375B`, `1.03kB`). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i] as string}`;
}

/** The lines around an instruction, as BuildKit shows them under an error (`   5 | >>> RUN npm ci`). */
export function sourceExcerpt(file: string, text: string, start: number, end: number): string {
  const lines = text.split('\n');
  const from = Math.max(1, start - 2);
  const to = Math.min(lines.length, end + 2);
  const width = String(to).length;
  const body: string[] = [];
  for (let i = from; i <= to; i++) {
    const mark = i >= start && i <= end ? '>>>' : '   ';
    body.push(` ${String(i).padStart(width + 2)} | ${mark} ${lines[i - 1] ?? ''}`);
  }
  return `${file}:${start === end ? start : `${start}-${end}`}\n--------------------\n${body.join('\n')}\n--------------------\n`;
}
