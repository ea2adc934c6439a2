/**
 * docker compose's progress writers (pkg/progress): `plain` prints one line
 * per event (` web Pulling `, Go's Println of "", id, text, status), `tty`
 * redraws a block on stderr (a `[+] Pulling 1/2` header, a spinner or ✔ per
 * service, its layers indented under it, timers on the right), `json`
 * prints each event as an object, `quiet` nothing.
 */
import type { UiEvent, UiSink } from '../../app/progress-events.js';
import type { CliIo } from '../io.js';
import type { Display } from '../global-options.js';

export interface ProgressWriter extends UiSink {
  stop(): void;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PERCENT = ['⠀', '⡀', '⣀', '⣄', '⣤', '⣦', '⣶', '⣷', '⣿'];

export function progressWriter(io: CliIo, display: Display, title: string, humanSize: (n: number) => string): ProgressWriter {
  const tty = io.stderrIsTTY ?? io.stdoutIsTTY;
  const mode = display.progress === 'auto' ? (tty && display.ansi !== 'never' ? 'tty' : 'plain') : display.progress;
  if (mode === 'quiet') return { event: () => undefined, tail: () => undefined, stop: () => undefined };
  if (mode === 'json') {
    return { event: (e) => io.stderr(`${JSON.stringify({ id: e.id, ...(e.parentId === undefined ? {} : { parent_id: e.parentId }), text: e.text, status: e.statusText ?? '' })}\n`), tail: (m) => io.stderr(`${m}\n`), stop: () => undefined };
  }
  if (mode === 'plain') {
    return { event: (e) => io.stderr(` ${e.id} ${e.text} ${e.statusText ?? ''}\n`), tail: (m) => io.stderr(`${m}\n`), stop: () => undefined };
  }
  return new TtyWriter(io, title, humanSize, display.ansi !== 'never');
}

interface Tracked extends UiEvent {
  start: number;
  end?: number;
}

class TtyWriter implements ProgressWriter {
  private readonly order: string[] = [];
  private readonly events = new Map<string, Tracked>();
  private readonly tails: string[] = [];
  private lines = 0;
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: CliIo,
    private readonly title: string,
    private readonly humanSize: (n: number) => string,
    private readonly color: boolean,
  ) {
    this.timer = setInterval(() => this.render(), 100);
    this.timer.unref();
  }

  event(e: UiEvent): void {
    const old = this.events.get(e.id);
    if (old === undefined) this.order.push(e.id);
    const start = old?.start ?? Date.now();
    this.events.set(e.id, { ...old, ...e, start, ...(e.status !== 'working' ? { end: old?.end ?? Date.now() } : { end: undefined }) });
  }

  tail(message: string): void {
    this.tails.push(message);
  }

  stop(): void {
    clearInterval(this.timer);
    this.render();
    for (const t of this.tails) this.io.stderr(`${t}\n`);
  }

  private paint(code: string, s: string): string {
    return this.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  }

  private render(): void {
    if (this.order.length === 0) return;
    this.frame++;
    const width = this.io.columns ?? 80;
    const all = this.order.map((id) => this.events.get(id) as Tracked);
    const parents = all.filter((e) => e.parentId === undefined || !this.events.has(e.parentId));
    const done = parents.filter((e) => e.status !== 'working').length;
    const header = `[+] ${this.title} ${done}/${parents.length}`;
    const out: string[] = [done === parents.length ? this.paint('34', header) : header];
    for (const p of parents) {
      out.push(this.line(p, '', width));
      for (const c of all) if (c.parentId === p.id) out.push(this.line(c, '  ', width));
    }
    const up = this.lines > 0 ? `\x1b[${this.lines}A` : '';
    this.io.stderr(`${up}\x1b[?25l${out.map((l) => `\x1b[2K${l}\n`).join('')}\x1b[?25h`);
    this.lines = out.length;
  }

  private line(e: Tracked, pad: string, width: number): string {
    const icon = e.status === 'working' ? this.paint('34', SPINNER[this.frame % SPINNER.length] as string) : e.status === 'done' ? this.paint('32', '✔') : e.status === 'error' ? this.paint('31', '✘') : this.paint('33', '!');
    const children = [...this.events.values()].filter((c) => c.parentId === e.id);
    let text = `${e.id} ${e.text}`;
    if (children.length > 0 && e.status === 'working') {
      const bar = children.map((c) => PERCENT[Math.floor(((PERCENT.length - 1) * (c.percent ?? 0)) / 100)]).join('');
      const total = children.reduce((n, c) => n + (c.total ?? 0), 0);
      const current = children.reduce((n, c) => n + (c.current ?? 0), 0);
      text = `${e.id} [${this.paint('32', bar)}] ${total > 0 ? `${this.humanSize(current).padStart(7)} / ${this.humanSize(total).padEnd(7)} ` : ''}${e.text}`;
    }
    const elapsed = `${(((e.end ?? Date.now()) - e.start) / 1000).toFixed(1)}s `;
    const room = width - elapsed.length - pad.length - text.replace(/\x1b\[[0-9;]*m/g, '').length - 6;
    const status = e.statusText ?? '';
    const left = `${pad} ${icon} ${text} ${room > 3 && status.length > room ? `${status.slice(0, room - 3)}...` : status}`;
    const visible = left.replace(/\x1b\[[0-9;]*m/g, '').length;
    return `${left}${' '.repeat(Math.max(1, width - visible - elapsed.length))}${this.paint('34', elapsed)}`;
  }
}
