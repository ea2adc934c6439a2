import { describe, expect, it } from 'vitest';
import { defaultUpOptions, planUp, printPlan, type UpOptions } from '../../../src/plan/index.js';
import { desiredFrom, observed, running } from './helpers.js';

const STACK = `
services:
  db:
    image: busybox
    healthcheck: {test: [CMD, "true"]}
  web:
    image: busybox
    depends_on: {db: {condition: service_healthy}}
    volumes: [data:/data]
    scale: 0
volumes:
  data: {}
`;

const oneOff = { service: 'web', name: 'p-web-run-0123456789ab', slug: '0123456789ab'.padEnd(64, '0'), useAliases: false };
const run = (opts: Partial<UpOptions> = {}): UpOptions => ({ ...defaultUpOptions, services: ['web'], oneOff, ...opts });

describe('planUp with a one-off (run)', () => {
  it('starts the dependencies, waits for their condition, then creates the one-off without starting it', () => {
    const d = desiredFrom(STACK);
    expect(printPlan(planUp(d, observed(), run()))).toBe(`plan for project p: 6 operations
#1 create network p_default
#2 create volume p_data
#3 create container p-db-1 (after #1)
#4 start container p-db-1 (after #3)
#5 wait for db healthy: p-db-1 (after #4)
#6 create container p-web-run-0123456789ab (one-off) (after #1, #2, #4, #5)
`);
  });

  it('leaves the service`s own containers alone and keeps running dependencies', () => {
    const d = desiredFrom(STACK.replace('    scale: 0\n', ''));
    const plan = planUp(d, observed({ containers: [running(d, 'db', 1), running(d, 'web', 1), running(d, 'web', 2)], networks: [{ name: 'p_default', project: 'p' }], volumes: [{ name: 'p_data', project: 'p' }] }), run());
    expect(printPlan(plan)).toBe(`plan for project p: 3 operations
#1 keep container p-db-1 (running)
#2 wait for db healthy: p-db-1 (after #1)
#3 create container p-web-run-0123456789ab (one-off) (after #1, #2)
`);
    const create = plan.nodes.at(-1)?.op;
    expect(create).toEqual({ kind: 'container.create', name: oneOff.name, service: 'web', number: 1, oneOff: { slug: oneOff.slug, useAliases: false } });
  });

  it('with --no-deps only the one-off and what it needs; its image is pulled by policy', () => {
    const d = desiredFrom(STACK, {}, ['web']);
    expect(printPlan(planUp(d, observed({ images: {} }), run()))).toBe(`plan for project p: 4 operations
#1 create network p_default
#2 create volume p_data
#3 pull image busybox for web (missing)
#4 create container p-web-run-0123456789ab (one-off) (after #1, #2, #3)
`);
  });
});
