import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRecovery, recoverLeftovers, recoverProject } from '../../../src/app/recover.js';
import { FakeEngine } from '../../../src/engine/fake-engine.js';
import { FakeNetworkDriver } from '../../../src/network/fake.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';

const P = 'tsctucrash';
let dir: string;
let projects: ProjectStore;
let engine: FakeEngine;
let net: FakeNetworkDriver;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsctu-recover-'));
  projects = new ProjectStore(join(dir, 'projects'));
  engine = new FakeEngine();
  net = new FakeNetworkDriver();
  await net.ensureNetwork({ name: `${P}_default`, project: P, composeName: 'default' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deps = () => ({ projects, engine: async () => engine, network: async () => net });

/** A container as the container port makes it: sandbox, endpoint on the default network, engine container; recorded when asked. */
async function container(name: string, o: { project?: string; recorded?: boolean; oneOff?: boolean } = {}): Promise<string> {
  const project = o.project ?? P;
  const labels = { 'com.docker.compose.project': project, 'com.docker.compose.oneoff': o.oneOff === true ? 'True' : 'False' };
  const { id } = await engine.create({ name, labels, layerDirs: [], description: { image: {}, command: ['sleep', '1000'] } });
  await net.createSandbox(id, project);
  if (net.networks.has(`${project}_default`)) await net.attach(id, { project, container: name, endpoints: [{ network: `${project}_default` }] });
  if (o.recorded !== false) new ProjectRecorder(projects, project).putContainer({ name, id, service: 'web', number: 1 } as ContainerRecord);
  await engine.start(id);
  return id;
}

describe('recoverProject: what an interrupted up left', () => {
  it('removes a container the record does not list, with its namespace and endpoint, and keeps the recorded one', async () => {
    const kept = await container(`${P}-db-1`);
    const stray = await container(`${P}-web-1`, { recorded: false });
    const r = await recoverProject(deps(), P, { removeNetworks: false });
    expect(r.containers).toEqual([`${P}-web-1`]);
    expect(await engine.find(stray)).toBeUndefined();
    expect(await net.getSandbox(stray)).toBeUndefined();
    expect((await net.endpoints({ project: P })).map((e) => e.container)).toEqual([`${P}-db-1`]);
    expect(await engine.find(kept)).toBe(kept);
    expect(await net.getSandbox(kept)).toBeDefined();
    expect(net.networks.has(`${P}_default`)).toBe(true);
  });

  it('removes an engine container that has the recorded name under another id (the record is of the one before)', async () => {
    const id = await container(`${P}-web-1`, { recorded: false });
    new ProjectRecorder(projects, P).putContainer({ name: `${P}-web-1`, id: 'f'.repeat(64), service: 'web', number: 1 } as ContainerRecord);
    expect((await recoverProject(deps(), P, { removeNetworks: false })).containers).toEqual([`${P}-web-1`]);
    expect(await engine.find(id)).toBeUndefined();
  });

  it('drops a namespace made for a container the engine never created', async () => {
    await net.createSandbox('a'.repeat(64), P);
    const r = await recoverProject(deps(), P, { removeNetworks: false });
    expect(r.network.sandboxes).toEqual(['a'.repeat(64)]);
    expect(net.sandboxes.size).toBe(0);
  });

  it('leaves other projects and one-off containers alone', async () => {
    await net.ensureNetwork({ name: 'tsctuother_default', project: 'tsctuother', composeName: 'default' });
    const other = await container('tsctuother-web-1', { project: 'tsctuother', recorded: false });
    const runner = await container(`${P}-web-run-1`, { recorded: false, oneOff: true });
    const r = await recoverProject(deps(), P, { removeNetworks: true });
    expect(r.containers).toEqual([]);
    expect(await engine.find(other)).toBe(other);
    expect(await net.getSandbox(runner)).toBeDefined();
    // A container of the project remains (the one-off), so down keeps its network.
    expect(net.networks.has(`${P}_default`)).toBe(true);
    expect(net.networks.has('tsctuother_default')).toBe(true);
  });

  it('for down, removes the project`s networks once no container of it is left, also one no record names', async () => {
    await container(`${P}-web-1`, { recorded: false });
    const r = await recoverProject(deps(), P, { removeNetworks: true });
    expect(r.network.networks).toEqual([`${P}_default`]);
    expect(net.networks.size).toBe(0);
    expect(describeRecovery(r)).toBe(`removed what an interrupted run left: container ${P}-web-1, network ${P}_default`);
  });

  it('says nothing when there is nothing to recover, and a failure is a warning, not the command`s end', async () => {
    await container(`${P}-db-1`);
    const warnings: string[] = [];
    await recoverLeftovers({ drivers: deps(), warn: (m) => warnings.push(m) }, P, false);
    expect(warnings).toEqual([]);
    await recoverLeftovers({ drivers: { ...deps(), engine: () => Promise.reject(new Error('no engine here')) }, warn: (m) => warnings.push(m) }, P, false);
    expect(warnings).toEqual([`cleaning up what an interrupted run left of project "${P}": no engine here`]);
  });
});
