/**
 * The health a container shows when the supervisor is not asked or does
 * not answer, and the project record it reads again once the record is
 * rewritten (ps asks for every container in turn; the record is read once
 * while it stays the same).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { supervisedHealth } from '../../../src/app/adapters/supervised-health.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function container(name: string, withCheck: boolean): ContainerRecord {
  const healthcheck = withCheck ? { healthcheck: { test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 1000, startPeriodMs: 0, startIntervalMs: 0, retries: 3 } } : {};
  return { name, id: name, service: name, number: 1, oneOff: false, ...healthcheck } as unknown as ContainerRecord;
}

describe('supervisedHealth', () => {
  it('is undefined without a healthcheck, starting while the supervisor does not answer, and follows the rewritten record', async () => {
    root = mkdtempSync(join(tmpdir(), 'tsctuo-h-'));
    const projects = new ProjectStore(join(root, 'lib', 'projects'));
    const recorder = new ProjectRecorder(projects, 'p');
    recorder.putContainer(container('p-a-1', false));
    const health = supervisedHealth(join(root, 'run'), projects);
    expect(await health('p', 'p-a-1')).toBeUndefined();
    expect(await health('p', 'p-b-1')).toBeUndefined();
    recorder.putContainer(container('p-b-1', true));
    expect(await health('p', 'p-b-1')).toBe('starting');
    expect(await health('q', 'p-b-1')).toBeUndefined();
    expect(await health('', 'p-b-1')).toBeUndefined();
  });
});
