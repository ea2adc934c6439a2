/**
 * A service of the canonical compose model as the builder takes it, the
 * way docker compose 2.26's toBuildOptions reads it: the image name
 * (`image:`, else `<project>-<service>`), build.tags, the labels compose
 * adds to every image it builds (build.labels plus com.docker.compose.
 * project/service/version), build args merged with --build-arg and
 * resolved from the project's environment when given without a value,
 * build.privileged as the security.insecure entitlement, the service's
 * `platform` when build.platforms is absent.
 */
import type { Mapping } from '../compose/tree.js';
import { isMapping } from '../compose/tree.js';
import type { BuildSpec } from '../build/prepare.js';

export interface ServiceBuild {
  service: string;
  /** The image the build is tagged as first. */
  image: string;
  tags: string[];
  spec: BuildSpec;
  noCache: boolean;
  pull: boolean;
  pullPolicy: string;
  /** Services this one must wait for: depends_on and `service:` additional contexts. */
  after: string[];
  /** The services `service:` additional contexts name. */
  contextServices: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function record(v: unknown): Record<string, string> {
  if (!isMapping(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null || x === undefined ? '' : String(x)]));
}

export function imageNameOf(project: string, service: string, svc: Mapping): string {
  return typeof svc.image === 'string' && svc.image !== '' ? svc.image : `${project}-${service}`;
}

/** `KEY=VALUE` or `KEY` (taken from the environment) from --build-arg. */
export function parseBuildArgs(list: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const a of list) {
    const eq = a.indexOf('=');
    if (eq < 0) out[a] = null;
    else out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

export function serviceBuild(project: string, service: string, svc: Mapping, version: string, cliArgs: Readonly<Record<string, string | null>> = {}): ServiceBuild | undefined {
  const b = svc.build;
  if (!isMapping(b)) return undefined;
  const args: Record<string, string | null> = {};
  if (isMapping(b.args)) for (const [k, v] of Object.entries(b.args)) args[k] = v === null || v === undefined ? null : String(v);
  Object.assign(args, cliArgs);
  const contexts = record(b.additional_contexts);
  const platforms = strings(b.platforms);
  const entitlements = [...strings(b.entitlements), ...(b.privileged === true ? ['security.insecure'] : [])];
  const spec: BuildSpec = {
    context: String(b.context ?? '.'),
    ...(typeof b.dockerfile === 'string' ? { dockerfile: b.dockerfile } : {}),
    ...(typeof b.dockerfile_inline === 'string' ? { dockerfileInline: b.dockerfile_inline } : {}),
    args,
    ...(typeof b.target === 'string' && b.target !== '' ? { target: b.target } : {}),
    labels: { ...record(b.labels), 'com.docker.compose.project': project, 'com.docker.compose.service': service, 'com.docker.compose.version': version },
    ...(typeof b.network === 'string' ? { network: b.network } : {}),
    ...(Object.keys(contexts).length > 0 ? { additionalContexts: contexts } : {}),
    ...(platforms.length > 0 ? { platforms } : typeof svc.platform === 'string' && svc.platform !== '' ? { platforms: [svc.platform] } : {}),
    ...(b.shm_size === undefined ? {} : { shmSize: String(b.shm_size) }),
    ...(b.extra_hosts === undefined ? {} : { extraHosts: b.extra_hosts as readonly string[] }),
    ...(Array.isArray(b.secrets) ? { secrets: b.secrets } : {}),
    ...(Array.isArray(b.ssh) ? { ssh: b.ssh } : {}),
    ...(entitlements.length > 0 ? { entitlements } : {}),
  };
  const dependsOn = isMapping(svc.depends_on) ? Object.keys(svc.depends_on) : strings(svc.depends_on);
  const fromContexts = Object.values(contexts).filter((c) => c.startsWith('service:')).map((c) => c.slice('service:'.length));
  return {
    service,
    image: imageNameOf(project, service, svc),
    tags: strings(b.tags),
    spec,
    noCache: b.no_cache === true,
    pull: b.pull === true,
    pullPolicy: typeof svc.pull_policy === 'string' ? svc.pull_policy : '',
    after: [...new Set([...dependsOn, ...fromContexts])],
    contextServices: fromContexts,
  };
}
