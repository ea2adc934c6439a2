/**
 * The plain progress output of tscompose's up and down, checked against what
 * docker compose 2.26.1 printed for the same projects
 * (test/fixtures/up/reference, see its README). The fake drivers play the
 * engine; the lines and their order per container must match the reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainLine } from '../../../src/cli/progress/plain.js';
import { loadProject } from '../../../src/compose/loader.js';
import type { Mapping } from '../../../src/compose/tree.js';
import type { ExecContext } from '../../../src/exec/context.js';
import { dryRunPorts } from '../../../src/exec/dry-run-ports.js';
import { executePlan } from '../../../src/exec/execute.js';
import { fakePorts } from '../../../src/exec/fake-ports.js';
import type { ExecPorts } from '../../../src/exec/ports.js';
import { defaultUpOptions, desiredState, planDown, planUp, type UpOptions } from '../../../src/plan/index.js';
import type { ContainerState, DesiredState, ObservedContainer, ObservedState, Plan } from '../../../src/plan/types.js';
import { loadInput } from '../compose/memfs.js';

const REF = join(import.meta.dirname, '..', '..', 'fixtures', 'up', 'reference');
const ref = (file: string): string[] => readFileSync(join(REF, file), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('time='));

function project(name: string, files: string[], scale: Record<string, number> = {}) {
  const contents = Object.fromEntries(files.map((f) => [`/p/${f}`, readFileSync(join(REF, `${name}.${f}`), 'utf8')]));
  const loaded = loadProject(loadInput({ files: contents, configFiles: files.map((f) => `/p/${f}`) }), { projectName: name, profiles: [] }, () => {});
  const desired = desiredState(loaded.model, { project: name, scale });
  return { model: loaded.model, desired };
}

async function run(p: { model: Mapping; desired: DesiredState }, plan: Plan, ports: ExecPorts, dryRun = false, seeded: ObservedState | undefined = undefined): Promise<{ lines: string[]; error?: Error }> {
  const lines: string[] = [];
  const engine = ports.containers as ReturnType<typeof fakePorts>['containers'];
  for (const c of seeded?.containers ?? []) engine.seed(c.name, c.service, c.state);
  const ctx: ExecContext = {
    project: p.desired.project, workingDir: '/p', configFiles: ['/p/compose.yaml'], version: '0.1.0', desired: p.desired,
    services: p.model.services as Record<string, Mapping>, networks: (p.model.networks ?? {}) as Record<string, Mapping>, volumes: (p.model.volumes ?? {}) as Record<string, Mapping>,
    dryRun, onEvent: (e) => lines.push(plainLine(e, dryRun).slice(0, -1)), warn: () => undefined,
    pollMs: 1, sleep: () => Promise.resolve(), now: () => new Date(0),
  };
  try {
    await executePlan(plan, ctx, ports, { mode: plan.nodes.some((n) => n.op.kind.endsWith('.remove')) ? 'best-effort' : 'fail-fast', parallel: -1 });
    return { lines };
  } catch (e) {
    return { lines, error: e as Error };
  }
}

/** Same lines; per container (or network, volume), the same order. */
function expectSameProgress(ours: string[], reference: string[]): void {
  expect([...ours].sort()).toEqual([...reference].sort());
  const idOf = (l: string) => l.replace(/ DRY-RUN MODE - /, '').trim().split('  ')[0];
  for (const id of new Set(reference.map(idOf))) expect(ours.filter((l) => idOf(l) === id)).toEqual(reference.filter((l) => idOf(l) === id));
}

/** The fake engine with the image loaded and, unless the project starts from nothing, tsctua's volume. */
async function enginePorts(withVolume = true) {
  const ports = fakePorts();
  if (withVolume) await ports.volumes.create({ name: 'tsctua_data', labels: { 'com.docker.compose.project': 'tsctua' } });
  ports.images.images.set('tsctu-bb:1', { id: 'sha256:1f1d', config: {} });
  ports.containers.behaviour.set('db', { health: 'healthy' });
  ports.containers.behaviour.set('job', { exitCode: 0 });
  return ports;
}

function observedOf(p: { desired: DesiredState }, containers: Array<[string, number, ContainerState, string?]>, extra: Partial<ObservedState> = {}): ObservedState {
  const list: ObservedContainer[] = containers.map(([service, number, state, hash]) => {
    const svc = p.desired.services.find((s) => s.name === service);
    return {
      name: `${p.desired.project}-${service}-${number}`, service, number, state, oneOff: false, image: 'tsctu-bb:1', imageId: 'sha256:1f1d',
      hash: hash ?? svc?.hash ?? 'gone', dependsOn: svc?.dependsOn.map((d) => d.service) ?? [], stop: { signal: 'SIGTERM', timeoutSeconds: 10 },
    };
  });
  const net = { name: `${p.desired.project}_default`, project: p.desired.project };
  return { containers: list, networks: [net], volumes: [{ name: 'tsctua_data', project: 'tsctua' }], images: { 'tsctu-bb:1': 'sha256:1f1d' }, ...extra };
}

const up = (o: Partial<UpOptions> = {}): UpOptions => ({ ...defaultUpOptions, ...o });
/** docker compose waits for a dependency even when its dependants are already running; tscompose does not. */
const withoutIdleWaits = (lines: string[]): string[] => lines.filter((l) => !/tsctua-db-1 {2}(Waiting|Healthy)$/.test(l));

describe('plain progress against docker compose 2.26.1', () => {
  it('first up: network, volume, creates, starts, the healthy wait', async () => {
    const p = project('tsctua', ['compose.yaml']);
    const empty: ObservedState = { containers: [], networks: [], volumes: [], images: { 'tsctu-bb:1': 'sha256:1f1d' } };
    const r = await run(p, planUp(p.desired, empty, up()), await enginePorts(false));
    expectSameProgress(r.lines, ref('up-first.txt'));
  });

  it('second up: running ones are Running, the exited one-shot is Created then started again', async () => {
    const p = project('tsctua', ['compose.yaml']);
    const o = observedOf(p, [['db', 1, 'running'], ['web', 1, 'running'], ['job', 1, 'exited']]);
    const r = await run(p, planUp(p.desired, o, up()), await enginePorts(), false, o);
    expectSameProgress(r.lines, withoutIdleWaits(ref('up-again.txt')));
  });

  it('recreate of a changed service', async () => {
    const p = project('tsctua', ['compose.yaml', 'recreate.yaml']);
    const o = observedOf(p, [['db', 1, 'running', 'before'], ['web', 1, 'running'], ['job', 1, 'exited']]);
    const r = await run(p, planUp(p.desired, o, up()), await enginePorts(), false, o);
    expect(r.error).toBeUndefined();
    // docker compose 2.26.1 also recreates every dependant; tscompose only those with restart: true (the rule).
    // Its Waiting/Healthy of db were for that web; without it nothing waits.
    const reference = withoutIdleWaits(ref('up-recreate.txt').filter((l) => !l.includes('tsctua-web-1')));
    expectSameProgress(r.lines.filter((l) => !l.includes('tsctua-web-1')), reference);
  });

  it('scale down removes the highest numbers', async () => {
    const p = project('tsctua', ['compose.yaml', 'recreate.yaml'], { web: 1 });
    const o = observedOf(p, [['db', 1, 'running'], ['web', 1, 'running'], ['web', 2, 'running'], ['web', 3, 'running'], ['job', 1, 'exited']]);
    const r = await run(p, planUp(p.desired, o, up()), await enginePorts(), false, o);
    expectSameProgress(r.lines, withoutIdleWaits(ref('up-scale1.txt')));
  });

  it('dry run with --remove-orphans', async () => {
    const p = project('tsctua', ['noweb.yaml']);
    const o = observedOf(p, [['web', 1, 'running'], ['job', 1, 'exited'], ['db', 1, 'running']]);
    const r = await run(p, planUp(p.desired, o, up({ removeOrphans: true })), dryRunPorts(), true);
    expectSameProgress(r.lines, ref('dry-up-remove-orphans.txt'));
  });

  it('down --remove-orphans, then down -v of what is left', async () => {
    const p = project('tsctua', ['compose.yaml']);
    const ports = await enginePorts();
    const o = observedOf(p, [['web', 1, 'running'], ['job', 1, 'exited'], ['db', 1, 'running']]);
    const first = await run(p, planDown('tsctua', p.desired, o, { removeOrphans: true, volumes: false, services: [] }), ports, false, o);
    expectSameProgress(first.lines, ref('down.txt'));
    const left = observedOf(p, [], { networks: [] });
    const second = await run(p, planDown('tsctua', p.desired, left, { removeOrphans: false, volumes: true, services: [] }), ports);
    expectSameProgress(second.lines, ref('down-v.txt'));
  });

  it('a dependency that does not complete successfully, or turns unhealthy, ends up with docker compose`s words', async () => {
    const p = project('tsctub', ['compose.yaml']);
    const ports = fakePorts();
    ports.images.images.set('tsctu-bb:1', { id: 'sha256:1f1d', config: {} });
    ports.containers.behaviour.set('init', { exitCode: 3 });
    const empty: ObservedState = { containers: [], networks: [], volumes: [], images: { 'tsctu-bb:1': 'sha256:1f1d' } };
    const r = await run(p, planUp(p.desired, empty, up()), ports);
    const reference = ref('up-completed-fail.txt');
    expectSameProgress(r.lines, reference.slice(0, -1));
    expect(r.error?.message).toBe(reference.at(-1));
    const u = project('tsctub', ['unhealthy.yaml']);
    const uports = fakePorts();
    uports.images.images.set('tsctu-bb:1', { id: 'sha256:1f1d', config: {} });
    uports.containers.behaviour.set('db', { health: 'unhealthy' });
    const ur = await run(u, planUp(u.desired, empty, up()), uports);
    const ureference = ref('up-unhealthy.txt');
    expectSameProgress(ur.lines, ureference.slice(0, -1));
    expect(ur.error?.message).toBe(ureference.at(-1));
  });
});
