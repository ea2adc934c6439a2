/** Builds desired and observed states for plan tests from compose YAML and short container descriptions. */
import { loadProject } from '../../../src/compose/loader.js';
import { desiredState, type DesiredOptions } from '../../../src/plan/desired.js';
import type { ContainerState, DesiredState, ObservedContainer, ObservedState } from '../../../src/plan/types.js';
import { loadInput } from '../compose/memfs.js';

/** The canonical model of a compose file in /p. */
export function modelFrom(yaml: string): ReturnType<typeof loadProject> {
  return loadProject(loadInput({ files: { '/p/compose.yaml': yaml } }), { projectName: 'p', profiles: [] }, () => {});
}

/** `only` keeps just those services, as `up --no-deps SERVICE` does. */
export function desiredFrom(yaml: string, opts: Partial<DesiredOptions> = {}, only?: readonly string[]): DesiredState {
  const loaded = modelFrom(yaml);
  const services = loaded.model.services as Record<string, unknown>;
  const kept = only === undefined ? services : Object.fromEntries(Object.entries(services).filter(([k]) => only.includes(k)));
  const others = Object.keys(services).filter((k) => !(k in kept));
  const model = { ...loaded.model, services: kept };
  return desiredState(model, { project: 'p', otherServices: [...Object.keys(loaded.disabledServices), ...others], ...opts });
}

/** A container as up would have created it for `desired`'s service: same hash, given image id. */
export function running(desired: DesiredState, service: string, number: number, extra: Partial<ObservedContainer> = {}): ObservedContainer {
  const svc = desired.services.find((s) => s.name === service);
  return {
    name: `p-${service}-${number}`,
    service,
    number,
    hash: svc?.hash ?? 'gone',
    image: svc?.image ?? 'busybox',
    imageId: 'sha256:1',
    dependsOn: svc?.dependsOn.map((d) => d.service) ?? [],
    state: 'running' as ContainerState,
    oneOff: false,
    stop: svc?.stop ?? { signal: 'SIGTERM', timeoutSeconds: 10 },
    ...extra,
  };
}

export function observed(parts: Partial<ObservedState> = {}): ObservedState {
  return { containers: [], networks: [], volumes: [], images: { busybox: 'sha256:1' }, ...parts };
}
