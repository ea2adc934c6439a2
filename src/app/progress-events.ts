/**
 * What a use case reports while it works, in docker compose's progress
 * model (pkg/progress: an event per id, with a parent for layers); the CLI
 * renders it per line or as a live block on a terminal.
 */
import type { ProgressEvent } from '../images/index.js';

export type UiStatus = 'working' | 'done' | 'warning' | 'error';

export interface UiEvent {
  id: string;
  parentId?: string;
  status: UiStatus;
  text: string;
  statusText?: string;
  current?: number;
  total?: number;
  percent?: number;
}

export interface UiSink {
  event(e: UiEvent): void;
  /** A line printed after the live block (compose's TailMsgf). */
  tail(message: string): void;
}

export const silentSink: UiSink = { event: () => undefined, tail: () => undefined };

const DONE = new Set(['Download complete', 'Already exists', 'Pull complete', 'Pushed', 'Layer already exists', 'Mounted from']);

/** docker's JSONProgress.String(): a 50-wide bar and the sizes. */
export function progressBar(current: number, total: number, humanSize: (n: number) => string): string {
  if (total <= 0) return humanSize(current);
  const bars = Math.min(50, Math.floor((current * 50) / total));
  const bar = `[${'='.repeat(bars)}${bars < 50 ? '>' : ''}${' '.repeat(Math.max(0, 49 - bars))}]`;
  return `${bar} ${humanSize(current).padStart(8)}/${humanSize(total)}`;
}

/** compose's toPullProgressEvent / toPushProgressEvent: a layer event under its service. */
export function layerEvent(parentId: string, e: ProgressEvent, humanSize: (n: number) => string, idPrefix = ''): UiEvent | undefined {
  if (e.kind !== 'layer') return undefined;
  const done = DONE.has(e.status);
  const total = e.total ?? 0;
  const current = e.current ?? 0;
  const percent = done ? 100 : total > 0 ? Math.floor((current * 100) / total) : 0;
  const text = e.status === 'Mounted from' ? `Mounted from ${e.detail ?? ''}` : e.status;
  return {
    id: `${idPrefix}${e.id}`,
    parentId,
    status: done ? 'done' : 'working',
    text,
    ...(e.current === undefined ? {} : { statusText: progressBar(current, total, humanSize), current, total }),
    percent,
  };
}
