/**
 * What a CLI killed in the middle of `up` (or a supervisor killed in the
 * middle of a restart) leaves of a project, found and removed by the next
 * `up` or `down` under the project's lock. The records are written so that
 * this is enough (ARCHITECTURE.md, "Crash recovery"):
 *
 * - a container the engine has, labelled with the project, that the project
 *   record does not list (killed between the engine's create and the record
 *   write, or mid-create): removed with its sandbox, so `up` creates it
 *   again under its name and `down` leaves nothing;
 * - sandboxes, endpoints, address and port claims and networks still
 *   `creating`: the network driver's cleanupProject, which keeps the
 *   namespaces of the containers that remain;
 * - for `down` with no container left, every network of the project the
 *   network driver knows, also one created just before the record of it was
 *   written.
 *
 * One-off containers (`run`) are left alone: they live outside the record's
 * services and their own command removes them.
 */
import type { ContainerEngine, ContainerSummary } from '../engine/index.js';
import type { CleanupReport, NetworkDriver } from '../network/index.js';
import type { ProjectStore } from '../state/project-store.js';

export interface RecoveryDeps {
  projects: ProjectStore;
  engine(): Promise<ContainerEngine>;
  network(): Promise<NetworkDriver>;
}

export interface Recovered {
  containers: string[];
  network: CleanupReport;
}

const PROJECT = 'com.docker.compose.project';
const ONE_OFF = 'com.docker.compose.oneoff';

/** Containers of the project the engine has and the project record does not account for. */
export function unrecorded(all: readonly ContainerSummary[], project: string, recorded: ReadonlyMap<string, string>): ContainerSummary[] {
  return all.filter((c) => c.labels[PROJECT] === project && c.labels[ONE_OFF] !== 'True' && recorded.get(c.name) !== c.id);
}

export async function recoverProject(d: RecoveryDeps, project: string, opts: { removeNetworks: boolean }): Promise<Recovered> {
  const [engine, net] = [await d.engine(), await d.network()];
  const recorded = new Map((d.projects.read(project)?.containers ?? []).map((c) => [c.name, c.id]));
  // Labels and names say what is the project's: no container's process state is needed (list asks each one's).
  const all = await engine.summaries();
  const stray = unrecorded(all, project, recorded);
  for (const c of stray) {
    await engine.remove(c.id, { force: true });
    if ((await net.getSandbox(c.id)) !== undefined) await net.removeSandbox(c.id);
  }
  const gone = new Set(stray.map((c) => c.id));
  const keep = all.filter((c) => c.labels[PROJECT] === project && !gone.has(c.id)).map((c) => c.id);
  const network = await net.cleanupProject(project, { keepSandboxes: keep, removeNetworks: opts.removeNetworks && keep.length === 0 });
  return { containers: stray.map((c) => c.name), network };
}

/** One line for the user, or nothing when there was nothing to recover. */
export function describeRecovery(r: Recovered): string | undefined {
  const parts = [
    ...r.containers.map((c) => `container ${c}`),
    ...r.network.endpoints.map((e) => `endpoint ${e}`),
    ...r.network.sandboxes.map((s) => `network namespace ${s.slice(0, 12)}`),
    ...r.network.networks.map((n) => `network ${n}`),
    ...r.network.claims.map((c) => `claim ${c}`),
  ];
  return parts.length === 0 ? undefined : `removed what an interrupted run left: ${parts.join(', ')}`;
}

/**
 * For up and down, under the caller's lock. What cannot be removed is said
 * and the command goes on: the plan that follows reports a conflict it
 * causes (a name in use) in its own words, and the next run tries again.
 */
export async function recoverLeftovers(s: { drivers: RecoveryDeps; warn(m: string): void }, project: string, removeNetworks: boolean): Promise<void> {
  try {
    const line = describeRecovery(await recoverProject(s.drivers, project, { removeNetworks }));
    if (line !== undefined) s.warn(line);
  } catch (e) {
    s.warn(`cleaning up what an interrupted run left of project "${project}": ${e instanceof Error ? e.message : String(e)}`);
  }
}
