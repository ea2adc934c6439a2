/**
 * docker compose's plain writer: `fmt.Fprintln(out, prefix, e.ID, e.Text, e.StatusText)`,
 * so every operand is separated by one space even when empty:
 * ` Network p_default  Created`, ` db Pulling `, and under --dry-run
 * ` DRY-RUN MODE -  Container p-db-1  Started`.
 */
import type { ProgressEvent } from '../../exec/events.js';

export const DRY_RUN_PREFIX = ' DRY-RUN MODE - ';

export function plainLine(e: ProgressEvent, dryRun: boolean): string {
  return `${dryRun ? DRY_RUN_PREFIX : ''} ${e.id} ${e.text ?? ''} ${e.statusText}\n`;
}
