import { describe, expect, it } from 'vitest';
import { defaultUpOptions, planDown, planUp, printPlan, type DownOptions } from '../../../src/plan/index.js';
import { desiredFrom, observed, running } from './helpers.js';

describe('networks and volumes', () => {
  it('requires external ones to exist and names them', () => {
    const net = desiredFrom('services:\n  a: {image: busybox, networks: [ext]}\nnetworks:\n  ext: {external: true, name: shared}\n');
    expect(() => planUp(net, observed(), defaultUpOptions)).toThrow('network shared declared as external, but could not be found');
    expect(planUp(net, observed({ networks: [{ name: 'shared' }] }), defaultUpOptions).nodes.map((n) => n.op.kind)).toEqual(['container.create', 'container.start']);
    const vol = desiredFrom('services:\n  a: {image: busybox, volumes: [data:/d]}\nvolumes:\n  data: {external: true}\n');
    expect(() => planUp(vol, observed({ networks: [{ name: 'p_default', project: 'p' }] }), defaultUpOptions)).toThrow('external volume "data" not found');
  });

  it('warns about a volume of another project or of nobody, and uses it', () => {
    const d = desiredFrom('services:\n  a: {image: busybox, volumes: [data:/d]}\nvolumes:\n  data: {}\n');
    const o = (project?: string) => observed({ networks: [{ name: 'p_default', project: 'p' }], volumes: [{ name: 'p_data', ...(project ? { project } : {}) }] });
    expect(planUp(d, o('q'), defaultUpOptions).warnings).toEqual([
      'volume "p_data" already exists but was created for project "q" (expected "p"). Use `external: true` to use an existing volume',
    ]);
    expect(planUp(d, o(), defaultUpOptions).warnings[0]).toMatch(/^volume "p_data" already exists but was not created by tscompose/);
    expect(planUp(d, o('p'), defaultUpOptions).warnings).toEqual([]);
  });

  it('creates only what services use', () => {
    const d = desiredFrom('services:\n  a: {image: busybox, scale: 0, volumes: [data:/d]}\nvolumes:\n  data: {}\n');
    expect(planUp(d, observed(), defaultUpOptions).nodes).toEqual([]);
  });
});

describe('images', () => {
  const yaml = (policy: string) => `services:\n  a: {image: busybox, pull_policy: ${policy}}\n  b: {image: busybox}\n`;

  it('pulls a missing image once for every service using it, and an always image even when present', () => {
    expect(printPlan(planUp(desiredFrom(yaml('missing')), observed({ images: {}, networks: [{ name: 'p_default', project: 'p' }] }), defaultUpOptions))).toContain(
      '#1 pull image busybox for a, b (missing)',
    );
    const always = planUp(desiredFrom(yaml('always')), observed({ networks: [{ name: 'p_default', project: 'p' }] }), defaultUpOptions);
    expect(printPlan(always)).toContain('#1 pull image busybox for a (pull_policy always)');
    const again = planUp(desiredFrom(yaml('always')), observed(), { ...defaultUpOptions, pulled: new Set(['busybox']) });
    expect(again.nodes.some((n) => n.op.kind === 'image.pull')).toBe(false);
  });

  it('--pull beats pull_policy; never and build fail before anything runs', () => {
    expect(() => planUp(desiredFrom(yaml('missing'), { pull: 'never' }), observed({ images: {} }), defaultUpOptions)).toThrow(
      'service "a": image busybox is not present and pull_policy is never',
    );
    expect(() => planUp(desiredFrom('services:\n  a: {build: .}\n'), observed({ images: {} }), defaultUpOptions)).toThrow(
      'service "a" needs its image p-a built, and tscompose cannot build images yet',
    );
  });
});

const STACK = `
services:
  db: {image: busybox, volumes: [data:/data, /anon]}
  web: {image: busybox, depends_on: [db]}
  ext: {image: busybox, volumes: [shared:/s]}
volumes:
  data: {}
  shared: {external: true}
`;
const down = (opts: Partial<DownOptions> = {}): DownOptions => ({ removeOrphans: false, volumes: false, services: [], ...opts });

describe('planDown', () => {
  const d = desiredFrom(STACK);
  const all = observed({
    containers: [running(d, 'db', 1), running(d, 'web', 1), running(d, 'web', 2), running(d, 'ext', 1)],
    networks: [{ name: 'p_default', project: 'p' }],
    volumes: [{ name: 'p_data', project: 'p' }, { name: 'shared' }],
  });

  it('stops dependants first, then the network; -v removes declared volumes, never external ones', () => {
    expect(printPlan(planDown('p', d, all, down({ volumes: true, timeoutSeconds: 2 })))).toBe(`plan for project p: 10 operations
 #1 stop container p-web-1 (down, SIGTERM, 2s)
 #2 remove container p-web-1 (down, with anonymous volumes) (after #1)
 #3 stop container p-web-2 (down, SIGTERM, 2s)
 #4 remove container p-web-2 (down, with anonymous volumes) (after #3)
 #5 stop container p-ext-1 (down, SIGTERM, 2s)
 #6 remove container p-ext-1 (down, with anonymous volumes) (after #5)
 #7 stop container p-db-1 (down, SIGTERM, 2s) (after #1, #3)
 #8 remove container p-db-1 (down, with anonymous volumes) (after #7)
 #9 remove network p_default (after #2, #4, #6, #8)
#10 remove volume p_data (after #2, #4, #6, #8)
`);
  });

  it('leaves orphans and one-offs without --remove-orphans; --rmi all removes the images in use', () => {
    const o = { ...all, containers: [...all.containers, running(d, 'gone', 1), running(d, 'web', 9, { name: 'p-web-run-1', oneOff: true })] };
    expect(printPlan(planDown('p', d, o, down()))).not.toMatch(/p-gone-1|p-web-run-1/);
    const text = printPlan(planDown('p', d, o, down({ removeOrphans: true, rmi: 'all' })));
    expect(text).toContain('remove container p-gone-1 (orphan)');
    expect(text).toContain('remove container p-web-run-1 (down)');
    expect(text).toMatch(/remove image busybox \(after/);
    expect(printPlan(planDown('p', d, o, down({ rmi: 'local' })))).not.toContain('remove image');
  });

  it('down SERVICE takes the services that depend on it too', () => {
    const text = printPlan(planDown('p', d, all, down({ services: ['db'] })));
    expect(text).toContain('p-web-2');
    expect(text).not.toContain('p-ext-1');
  });

  it('without a compose file follows the records; a project with nothing left is empty', () => {
    const text = printPlan(planDown('p', undefined, all, down({ volumes: true })));
    expect(text).toMatch(/stop container p-db-1 \(down, SIGTERM, 10s\) \(after #\d, #\d\)/);
    expect(text).toContain('remove volume p_data');
    expect(text).not.toContain('remove volume shared');
    expect(planDown('p', undefined, observed(), down()).empty).toBe(true);
    expect(planDown('p', d, observed(), down()).empty).toBe(false);
  });
});
