/**
 * docker compose's json writer (2.27+): one object per event, fields in its
 * struct order, empty ones left out, Go's JSON escaping.
 */
import { toGoJson } from '../../compose/output/json.js';
import type { GoNode } from '../../compose/output/decode.js';
import type { ProgressEvent } from '../../exec/events.js';

export function jsonLine(e: ProgressEvent | string, dryRun: boolean): string {
  const fields: Array<[string, GoNode | undefined]> =
    typeof e === 'string'
      ? [['dry-run', dryRun || undefined], ['tail', true], ['text', e]]
      : [['dry-run', dryRun || undefined], ['id', e.id], ['parent_id', e.parentId], ['text', e.text], ['status', e.statusText]];
  const kept = fields.filter((f): f is [string, GoNode] => f[1] !== undefined && f[1] !== '');
  return `${toGoJson(new Map(kept), false)}\n`;
}
