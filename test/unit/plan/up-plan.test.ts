import { describe, expect, it } from 'vitest';
import { defaultUpOptions, planUp, printPlan, type UpOptions } from '../../../src/plan/index.js';
import { desiredFrom, observed, running } from './helpers.js';

const STACK = `
services:
  db:
    image: busybox
    volumes: [data:/data]
    healthcheck: {test: [CMD, "true"]}
  web:
    image: busybox
    depends_on: {db: {condition: service_healthy}}
  job:
    image: busybox
volumes:
  data: {}
`;

const up = (opts: Partial<UpOptions> = {}): UpOptions => ({ ...defaultUpOptions, ...opts });

describe('planUp on an empty host', () => {
  it('creates the network and volume, pulls once, creates, starts and waits in dependency order', () => {
    const d = desiredFrom(STACK);
    expect(printPlan(planUp(d, observed({ images: {} }), up()))).toBe(`plan for project p: 10 operations
 #1 create network p_default
 #2 create volume p_data
 #3 pull image busybox for db, job, web (missing)
 #4 create container p-db-1 (after #1, #2, #3)
 #5 start container p-db-1 (after #4)
 #6 create container p-job-1 (after #1, #3)
 #7 start container p-job-1 (after #6)
 #8 create container p-web-1 (after #1, #3)
 #9 wait for db healthy: p-db-1 (after #5)
#10 start container p-web-1 (after #5, #8, #9)
`);
  });

  it('with --no-start creates only', () => {
    const d = desiredFrom(STACK);
    const text = printPlan(planUp(d, observed(), up({ noStart: true })));
    expect(text).not.toMatch(/start|wait/);
    expect(text).toContain('create container p-web-1 (after #1)');
  });
});

describe('planUp on a running project', () => {
  const d = desiredFrom(STACK);
  const base = { networks: [{ name: 'p_default', project: 'p' }], volumes: [{ name: 'p_data', project: 'p' }] };

  it('keeps what runs and starts what exited', () => {
    const o = observed({ ...base, containers: [running(d, 'db', 1), running(d, 'web', 1), running(d, 'job', 1, { state: 'exited' })] });
    expect(printPlan(planUp(d, o, up()))).toBe(`plan for project p: 4 operations
#1 keep container p-db-1 (running)
#2 keep container p-job-1 (exited)
#3 start container p-job-1 (after #2)
#4 keep container p-web-1 (running)
`);
  });

  it('recreates only the service whose hash changed; its dependants keep running without restart: true', () => {
    const o = observed({ ...base, containers: [running(d, 'db', 1, { hash: 'old' }), running(d, 'web', 1), running(d, 'job', 1)] });
    expect(printPlan(planUp(d, o, up()))).toBe(`plan for project p: 4 operations
#1 recreate container p-db-1: config changed
#2 start container p-db-1 (after #1)
#3 keep container p-job-1 (running)
#4 keep container p-web-1 (running)
`);
  });

  it('recreates a dependant with restart: true after its dependency', () => {
    const d2 = desiredFrom(STACK.replace('condition: service_healthy', 'condition: service_healthy, restart: true'));
    const o = observed({ ...base, containers: [running(d2, 'db', 1, { hash: 'old' }), running(d2, 'web', 1), running(d2, 'job', 1)] });
    expect(printPlan(planUp(d2, o, up()))).toBe(`plan for project p: 6 operations
#1 recreate container p-db-1: config changed
#2 start container p-db-1 (after #1)
#3 keep container p-job-1 (running)
#4 recreate container p-web-1: dependency db recreated (after #1)
#5 wait for db healthy: p-db-1 (after #2)
#6 start container p-web-1 (after #2, #4, #5)
`);
  });

  it('recreates when the reference now names another image', () => {
    const o = observed({ ...base, images: { busybox: 'sha256:2' }, containers: [running(d, 'db', 1), running(d, 'web', 1), running(d, 'job', 1)] });
    const text = printPlan(planUp(d, o, up()));
    expect(text.match(/recreate container p-\w+-1: image changed/g)).toHaveLength(3);
  });

  it('--force-recreate recreates all, --no-recreate none', () => {
    const o = observed({ ...base, containers: [running(d, 'db', 1, { hash: 'old' }), running(d, 'web', 1), running(d, 'job', 1)] });
    expect(printPlan(planUp(d, o, up({ recreate: 'force', recreateDependencies: 'force' }))).match(/recreate/g)).toHaveLength(3);
    expect(printPlan(planUp(d, o, up({ recreate: 'never', recreateDependencies: 'never' })))).not.toContain('recreate');
  });

  it('named services get the recreate strategy, their dependencies the dependency one (--always-recreate-deps)', () => {
    const o = observed({ ...base, containers: [running(d, 'db', 1), running(d, 'web', 1), running(d, 'job', 1)] });
    const forced = up({ services: ['web'], recreate: 'diverged', recreateDependencies: 'force' });
    expect(printPlan(planUp(d, o, forced))).toContain('recreate container p-db-1: forced');
    expect(printPlan(planUp(d, o, forced))).not.toContain('recreate container p-web-1');
  });

  it('-V asks for new anonymous volumes', () => {
    const o = observed({ ...base, containers: [running(d, 'db', 1, { hash: 'old' }), running(d, 'web', 1), running(d, 'job', 1)] });
    expect(printPlan(planUp(d, o, up({ inherit: false })))).toContain('recreate container p-db-1: config changed, new anonymous volumes');
  });

  it('warns about orphans, or removes them with --remove-orphans; disabled services are no orphans', () => {
    const old = running(d, 'old', 1);
    const o = observed({ ...base, containers: [running(d, 'db', 1), running(d, 'web', 1), running(d, 'job', 1), old] });
    expect(planUp(d, o, up()).warnings).toEqual([
      'Found orphan containers ([p-old-1]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.',
    ]);
    const removing = printPlan(planUp(d, o, up({ removeOrphans: true })));
    expect(removing).toContain('#1 stop container p-old-1 (orphan, SIGTERM, 10s)\n#2 remove container p-old-1 (orphan) (after #1)');
    expect(planUp({ ...d, otherServices: ['old'] }, o, up()).warnings).toEqual([]);
    expect(planUp(d, o, up({ ignoreOrphans: true })).warnings).toEqual([]);
  });
});

describe('scale', () => {
  const yaml = 'services:\n  web: {image: busybox, scale: 3}\n';

  it('creates project-service-N after the highest number and removes the highest numbers first', () => {
    const d = desiredFrom(yaml);
    const o = observed({ networks: [{ name: 'p_default', project: 'p' }], containers: [running(d, 'web', 1), running(d, 'web', 4)] });
    expect(printPlan(planUp(d, o, up()))).toBe(`plan for project p: 4 operations
#1 keep container p-web-1 (running)
#2 keep container p-web-4 (running)
#3 create container p-web-5
#4 start container p-web-5 (after #3)
`);
    const down = desiredFrom(yaml, { scale: { web: 1 } });
    const three = [running(d, 'web', 1), running(d, 'web', 2), running(d, 'web', 3)];
    expect(printPlan(planUp(down, observed({ networks: [{ name: 'p_default', project: 'p' }], containers: three }), up()))).toBe(`plan for project p: 5 operations
#1 keep container p-web-1 (running)
#2 stop container p-web-2 (scale down, SIGTERM, 10s)
#3 remove container p-web-2 (scale down) (after #2)
#4 stop container p-web-3 (scale down, SIGTERM, 10s)
#5 remove container p-web-3 (scale down) (after #4)
`);
  });

  it('reads deploy.replicas, and --scale wins', () => {
    expect(desiredFrom('services:\n  web: {image: busybox, deploy: {replicas: 2}}\n').services[0]?.replicas).toBe(2);
    expect(desiredFrom(yaml, { scale: { web: 0 } }).services[0]?.replicas).toBe(0);
  });

  it('refuses to scale a service with a container_name', () => {
    expect(() => desiredFrom('services:\n  web: {image: busybox, container_name: one}\n', { scale: { web: 2 } })).toThrow(
      'WARNING: The "web" service is using the custom container name "one". Docker requires each container to have a unique name. Remove the custom name to scale the service.',
    );
  });
});

describe('dependencies', () => {
  it('waits for service_completed_successfully; an optional dependency is marked; a scale of 0 is not waited for', () => {
    const d = desiredFrom(`
services:
  init: {image: busybox}
  off: {image: busybox, scale: 0}
  app:
    image: busybox
    depends_on:
      init: {condition: service_completed_successfully, required: false}
      off: {condition: service_healthy}
`);
    const text = printPlan(planUp(d, observed({ networks: [{ name: 'p_default', project: 'p' }] }), up()));
    expect(text).toContain('wait for init completed (optional): p-init-1 (after #2)');
    expect(text).not.toContain('wait for off');
  });

  it('creates a container sharing a namespace after its parent runs', () => {
    const d = desiredFrom('services:\n  db: {image: busybox}\n  side: {image: busybox, network_mode: "service:db"}\n');
    expect(printPlan(planUp(d, observed({ networks: [{ name: 'p_default', project: 'p' }] }), up()))).toBe(`plan for project p: 4 operations
#1 create container p-db-1
#2 start container p-db-1 (after #1)
#3 create container p-side-1 (after #1, #2)
#4 start container p-side-1 (after #2, #3)
`);
  });
});
