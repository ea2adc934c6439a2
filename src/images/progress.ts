/** What a pull or push reports as it goes, in docker's words (its JSON message statuses). */
export type LayerStatus =
  | 'Waiting'
  | 'Pulling fs layer'
  | 'Downloading'
  | 'Verifying Checksum'
  | 'Download complete'
  | 'Extracting'
  | 'Pull complete'
  | 'Already exists'
  | 'Preparing'
  | 'Pushing'
  | 'Pushed'
  | 'Layer already exists'
  | 'Mounted from';

export type ProgressEvent =
  | { kind: 'layer'; id: string; status: LayerStatus; current?: number; total?: number; detail?: string }
  /** The last line of a pull or push: `Digest: sha256:…`, `Status: Image is up to date for busybox:latest`. */
  | { kind: 'status'; text: string };

export type OnProgress = (e: ProgressEvent) => void;

/** docker's layer ids in progress output: the first 12 hex digits of the blob digest. */
export function shortId(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
}

/** At most one `Downloading` event per layer every 100 ms, plus the last. */
export function throttled(onProgress: OnProgress | undefined, id: string, total: number, status: LayerStatus = 'Downloading'): (current: number) => void {
  let last = 0;
  return (current) => {
    const now = Date.now();
    if (onProgress === undefined || (now - last < 100 && current < total)) return;
    last = now;
    onProgress({ kind: 'layer', id, status, current, total });
  };
}
