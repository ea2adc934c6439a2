/** An ExecContext for a compose file in /p, with events collected as docker compose's plain lines. */
import type { ExecContext } from '../../../src/exec/context.js';
import type { ProgressEvent } from '../../../src/exec/events.js';
import type { Mapping } from '../../../src/compose/tree.js';
import type { DesiredState } from '../../../src/plan/types.js';
import { desiredFrom, modelFrom } from '../plan/helpers.js';

export interface TestRun {
  ctx: ExecContext;
  desired: DesiredState;
  events: ProgressEvent[];
  warnings: string[];
  /** ` Container p-db-1  Created`, as docker compose's plain writer prints each event. */
  lines(): string[];
}

export function runFor(yaml: string, extra: Partial<ExecContext> = {}): TestRun {
  const model = modelFrom(yaml).model;
  const desired = desiredFrom(yaml);
  const events: ProgressEvent[] = [];
  const warnings: string[] = [];
  const ctx: ExecContext = {
    project: 'p', workingDir: '/p', configFiles: ['/p/compose.yaml'], version: '0.1.0', desired,
    services: (model.services ?? {}) as Record<string, Mapping>,
    networks: (model.networks ?? {}) as Record<string, Mapping>,
    volumes: (model.volumes ?? {}) as Record<string, Mapping>,
    dryRun: false, onEvent: (e) => events.push(e), warn: (m) => warnings.push(m),
    pollMs: 1, sleep: (_ms, signal) => (signal.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
    now: () => new Date('2024-01-01T00:00:00Z'),
    ...extra,
  };
  return { ctx, desired, events, warnings, lines: () => events.map((e) => ` ${e.id} ${e.text ?? ''} ${e.statusText}`) };
}
