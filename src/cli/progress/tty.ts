/**
 * The terminal view, drawn by listr2: one task whose title is docker
 * compose's header (`Running 2/3`) and whose output is the event lines of
 * tty-lines.ts, redrawn every 100 ms as docker compose's ticker does. When
 * the run ends the last state stays on screen, followed by tail messages.
 */
import { Listr, ListrLogger, ProcessOutput, type ListrTaskWrapper } from 'listr2';
import type { ProgressEvent } from '../../exec/events.js';
import { renderLines, TtyState } from './tty-lines.js';
import type { ProgressTarget, ProgressWriter, WriterOptions } from './writer.js';

const TICK_MS = 100;
const DEFAULT_WIDTH = 80;

/** The little of a tty WriteStream that listr2's renderer uses. */
function streamOf(out: ProgressTarget): NodeJS.WriteStream {
  const stream = {
    isTTY: true,
    columns: out.columns ?? DEFAULT_WIDTH,
    rows: 24,
    write: (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      out.write(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    },
    on: () => stream,
    once: () => stream,
    off: () => stream,
    removeListener: () => stream,
  };
  return stream as unknown as NodeJS.WriteStream;
}

export class TtyWriter implements ProgressWriter {
  private readonly state = new TtyState();
  private readonly tails: string[] = [];
  private task: ListrTaskWrapper<unknown, never, never> | undefined;
  private finish: () => void = () => undefined;
  private readonly running: Promise<unknown>;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly now: () => number;

  constructor(private readonly out: ProgressTarget, private readonly opts: WriterOptions) {
    this.now = opts.now ?? Date.now;
    const finished = new Promise<void>((resolve) => (this.finish = resolve));
    const stream = streamOf(out);
    const listr = new Listr(
      [{
        title: this.title(),
        task: async (_ctx, task) => {
          this.task = task as unknown as ListrTaskWrapper<unknown, never, never>;
          this.redraw();
          await finished;
          this.redraw();
        },
        rendererOptions: { persistentOutput: true, outputBar: 1 },
      }],
      {
        renderer: 'default', forceTTY: true, registerSignalListeners: false, exitOnError: false,
        // No indentation and no output icon: listr2 would indent the lines after the first of an output.
        rendererOptions: { lazy: true, formatOutput: 'truncate', indentation: 0, icon: { OUTPUT: '' }, logger: new ListrLogger({ useIcons: true, toStderr: [], processOutput: new ProcessOutput(stream, stream) }) },
      },
    );
    this.running = listr.run().catch(() => undefined);
    this.ticker = setInterval(() => this.redraw(), TICK_MS);
  }

  private title(): string {
    const { done, total } = this.state.counts();
    return `${this.opts.title} ${done}/${total}`;
  }

  private redraw(): void {
    if (this.task === undefined) return;
    this.task.title = this.title();
    const style = { now: this.now(), width: (this.out.columns ?? DEFAULT_WIDTH) - 4, color: this.opts.color, dryRun: this.opts.dryRun };
    // listr2 trims the output, so the lines lose docker compose's leading space all alike.
    this.task.output = renderLines(this.state.events(), style).map((l) => l.slice(1)).join('\n');
  }

  event(e: ProgressEvent): void {
    this.state.update(e, this.now());
  }

  tail(message: string): void {
    this.tails.push(this.opts.dryRun ? `DRY-RUN MODE - ${message}`.trim() : message);
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    this.finish();
    await this.running;
    for (const t of this.tails) this.out.write(`${t}\n`);
  }
}
