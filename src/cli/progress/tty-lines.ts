/**
 * The terminal view's lines, as docker compose's ttyWriter lays them out:
 * ` ✔ Network p_default  Created                 0.1s`: a spinner or mark,
 * the id padded to the longest one, the status in its colour and the
 * elapsed time aligned to the right edge. An event that is done keeps its
 * time; a later "working" event for it does not restart it.
 */
import type { ProgressEvent, ProgressStatus } from '../../exec/events.js';

export interface TrackedEvent extends ProgressEvent {
  start: number;
  end?: number;
}

export class TtyState {
  private readonly order: string[] = [];
  private readonly byId = new Map<string, TrackedEvent>();

  update(e: ProgressEvent, now: number): void {
    const last = this.byId.get(e.id);
    if (last === undefined) {
      this.order.push(e.id);
      this.byId.set(e.id, { ...e, start: now, ...(e.status === 'working' ? {} : { end: now }) });
      return;
    }
    if (e.status === 'working' && last.end !== undefined) return;
    const end = e.status === 'working' ? undefined : (last.end ?? now);
    this.byId.set(e.id, { ...last, ...e, start: last.start, ...(end === undefined ? {} : { end }) });
  }

  events(): TrackedEvent[] {
    return this.order.map((id) => this.byId.get(id) as TrackedEvent);
  }

  counts(): { done: number; total: number } {
    const all = this.events();
    return { done: all.filter((e) => e.status !== 'working').length, total: all.length };
  }
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Readonly<Record<Exclude<ProgressStatus, 'working'>, string>> = { done: '✔', warning: '!', error: '✘' };
const COLOR: Readonly<Record<ProgressStatus, string | undefined>> = { done: '32', warning: '33;1', error: '31;1', working: undefined };

function paint(code: string | undefined, s: string, color: boolean): string {
  return color && code !== undefined ? `\x1b[${code}m${s}\x1b[0m` : s;
}

export interface LineStyle {
  now: number;
  width: number;
  color: boolean;
  dryRun: boolean;
}

export function renderLines(events: readonly TrackedEvent[], style: LineStyle): string[] {
  const width = Math.max(0, ...events.map((e) => `${e.id} ${e.text ?? ''}`.length));
  return events.map((e) => renderLine(e, width, style));
}

function renderLine(e: TrackedEvent, padTo: number, style: LineStyle): string {
  const mark = e.status === 'working' ? paint('33', SPINNER[Math.floor((style.now - e.start) / 100) % SPINNER.length] as string, style.color) : paint(COLOR[e.status], MARK[e.status], style.color);
  const prefix = style.dryRun ? paint('36', ' DRY-RUN MODE - ', style.color) : '';
  const txt = `${e.id} ${e.text ?? ''}`;
  const room = style.width - txt.length - padTo - 15;
  const status = room > 0 && e.statusText.length > room ? `${e.statusText.slice(0, room)}...` : e.statusText;
  const left = ` ${mark}${prefix} ${txt}${' '.repeat(Math.max(0, padTo - txt.length))} ${paint(COLOR[e.status], status, style.color)}`;
  const elapsed = ((e.end ?? style.now) - e.start) / 1000;
  const timer = paint('34', `${elapsed.toFixed(1)}s `, style.color);
  const gap = style.width - visibleLength(left) - visibleLength(timer);
  return `${left}${' '.repeat(Math.max(0, gap))}${timer}`;
}

function visibleLength(s: string): number {
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

export function header(title: string, counts: { done: number; total: number }, color: boolean): string {
  const text = `[+] ${title} ${counts.done}/${counts.total}`;
  return counts.total > 0 && counts.done === counts.total ? paint('34', text, color) : text;
}
