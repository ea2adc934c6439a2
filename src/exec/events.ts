/**
 * Progress events, the data docker compose's progress writers print:
 * `{ id: 'Container p-db-1', status: 'done', statusText: 'Healthy' }` is
 * ` ✔ Container p-db-1  Healthy` on a terminal and ` Container p-db-1  Healthy`
 * in plain mode. The wording of ids and status texts is docker compose's.
 */
export type ProgressStatus = 'working' | 'done' | 'warning' | 'error';

export interface ProgressEvent {
  id: string;
  status: ProgressStatus;
  /** Between the id and the status text; pulls put `Pulling`/`Pulled` here. */
  text?: string;
  statusText: string;
  parentId?: string;
}

export type EventSink = (event: ProgressEvent) => void;

export const containerId = (name: string): string => `Container ${name}`;
export const networkId = (name: string): string => `Network ${name}`;
/** docker compose 2.26.1 quotes the name when it creates a volume, not when it removes one. */
export const volumeCreateId = (name: string): string => `Volume "${name}"`;
export const volumeId = (name: string): string => `Volume ${name}`;
export const imageId = (ref: string): string => `Image ${ref}`;

export function event(id: string, status: ProgressStatus, statusText: string, text?: string): ProgressEvent {
  return text === undefined ? { id, status, statusText } : { id, status, statusText, text };
}
