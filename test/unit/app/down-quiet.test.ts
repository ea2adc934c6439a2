/**
 * When `down` may quiet the supervisor before it has its plan: only when
 * the plan is sure to remove every container of the record, so that a
 * supervisor is never stopped while containers it should keep remain.
 */
import { describe, expect, it } from 'vitest';
import { removesAll, type Loaded } from '../../../src/app/down.js';
import type { DesiredState } from '../../../src/plan/types.js';
import type { ContainerRecord, ProjectRecord } from '../../../src/state/records.js';

function container(service: string, oneOff = false): ContainerRecord {
  return { name: `p-${service}-1`, service, oneOff } as ContainerRecord;
}

function record(...containers: ContainerRecord[]): ProjectRecord {
  return { name: 'p', containers } as unknown as ProjectRecord;
}

function loaded(services: string[], other: string[] = []): Loaded {
  const desired = { project: 'p', services: services.map((name) => ({ name })), otherServices: other, networks: [], volumes: [] } as unknown as DesiredState;
  return { name: 'p', desired };
}

const all = { services: [] as string[], removeOrphans: false };

describe('down quiets the supervisor early', () => {
  it('when every recorded container is a service of the model, including those outside the selection', () => {
    expect(removesAll(record(container('web'), container('db')), loaded(['web'], ['db']), all)).toBe(true);
    // Without a compose file, the records alone decide and every service counts.
    expect(removesAll(record(container('web')), { name: 'p' }, all)).toBe(true);
  });

  it('not when a one-off or an orphan would stay, unless --remove-orphans takes them', () => {
    expect(removesAll(record(container('web'), container('web', true)), loaded(['web']), all)).toBe(false);
    expect(removesAll(record(container('web'), container('old')), loaded(['web']), all)).toBe(false);
    expect(removesAll(record(container('web'), container('old'), container('web', true)), loaded(['web']), { ...all, removeOrphans: true })).toBe(true);
  });

  it('not for a down of some services, nor with nothing recorded', () => {
    expect(removesAll(record(container('web')), loaded(['web']), { ...all, services: ['web'] })).toBe(false);
    expect(removesAll(record(), loaded(['web']), all)).toBe(false);
    expect(removesAll(undefined, loaded(['web']), all)).toBe(false);
  });
});
