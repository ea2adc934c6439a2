/**
 * What a container's record and labels say, from its service: the
 * healthcheck as the engine would run it (the service's fields over the
 * image's HEALTHCHECK, docker's defaults for the rest, none for NONE or
 * `disable`), the restart policy (docker compose's getRestartPolicy:
 * deploy.restart_policy wins over `restart`), the stop signal (the image's
 * when the service sets none) and docker compose's labels.
 */
import { isMapping, type Mapping } from '../../compose/tree.js';
import { parseDuration } from '../../compose/units.js';
import type { DesiredService, StopSpec } from '../../plan/types.js';
import type { HealthcheckRecord, RestartRecord } from '../../state/records.js';
import type { ImageConfig } from '../ports.js';

const MS = 1e6;
const DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3 };

function durationMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return parseDuration(v) / MS;
}

function nanosMs(v: number | undefined): number | undefined {
  return v === undefined || v === 0 ? undefined : v / MS;
}

/** The effective healthcheck, or undefined when the container has none. */
export function healthcheckOf(svc: Mapping, image: ImageConfig): HealthcheckRecord | undefined {
  const hc = isMapping(svc.healthcheck) ? svc.healthcheck : undefined;
  if (hc?.disable === true) return undefined;
  const img = image.Healthcheck ?? {};
  const own = Array.isArray(hc?.test) ? hc.test.map(String) : [];
  const test = own.length > 0 ? own : [...(img.Test ?? [])];
  if (test.length === 0 || test[0] === 'NONE') return undefined;
  const retries = typeof hc?.retries === 'number' && hc.retries > 0 ? hc.retries : img.Retries !== undefined && img.Retries > 0 ? img.Retries : DEFAULTS.retries;
  return {
    test,
    intervalMs: durationMs(hc?.interval) ?? nanosMs(img.Interval) ?? DEFAULTS.intervalMs,
    timeoutMs: durationMs(hc?.timeout) ?? nanosMs(img.Timeout) ?? DEFAULTS.timeoutMs,
    startPeriodMs: durationMs(hc?.start_period) ?? nanosMs(img.StartPeriod) ?? DEFAULTS.startPeriodMs,
    startIntervalMs: durationMs(hc?.start_interval) ?? nanosMs(img.StartInterval) ?? DEFAULTS.startIntervalMs,
    retries,
  };
}

const CONDITIONS: Readonly<Record<string, RestartRecord['name']>> = {
  none: 'no', no: 'no', 'on-failure': 'on-failure', 'unless-stopped': 'unless-stopped', any: 'always', always: 'always',
};

export function restartOf(svc: Mapping): RestartRecord {
  const deploy = isMapping(svc.deploy) ? svc.deploy : {};
  const policy = isMapping(deploy.restart_policy) ? deploy.restart_policy : undefined;
  if (policy !== undefined) {
    const delayMs = durationMs(policy.delay);
    const windowMs = durationMs(policy.window);
    return {
      name: CONDITIONS[String(policy.condition ?? 'any')] ?? 'always',
      maxAttempts: typeof policy.max_attempts === 'number' ? policy.max_attempts : 0,
      ...(delayMs === undefined ? {} : { delayMs }),
      ...(windowMs === undefined ? {} : { windowMs }),
    };
  }
  const [name = 'no', count] = typeof svc.restart === 'string' && svc.restart !== '' ? svc.restart.split(':') : ['no'];
  return { name: CONDITIONS[name] ?? 'no', maxAttempts: count === undefined ? 0 : Number.parseInt(count, 10) || 0 };
}

export function stopOf(svc: Mapping, desired: StopSpec, image: ImageConfig): StopSpec {
  const own = typeof svc.stop_signal === 'string' && svc.stop_signal !== '';
  return { signal: own ? desired.signal : image.StopSignal ?? desired.signal, timeoutSeconds: desired.timeoutSeconds };
}

export interface LabelInputs {
  project: string;
  desired: DesiredService;
  number: number;
  imageId: string;
  workingDir: string;
  configFiles: readonly string[];
  version: string;
  replaces?: string;
  /** A one-off (`run`) container's slug: labelled oneoff=True and com.docker.compose.slug. */
  slug?: string;
}

/** docker compose's container labels, so tools reading them see a compose container. */
export function containerLabels(svc: Mapping, inp: LabelInputs): Record<string, string> {
  const own = isMapping(svc.labels) ? Object.fromEntries(Object.entries(svc.labels).map(([k, v]) => [k, String(v)])) : {};
  const dependsOn = inp.desired.dependsOn.map((d) => `${d.service}:${d.condition}:${d.restart}`).join(',');
  return {
    ...own,
    'com.docker.compose.config-hash': inp.desired.hash,
    'com.docker.compose.container-number': String(inp.number),
    'com.docker.compose.depends_on': dependsOn,
    'com.docker.compose.image': inp.imageId,
    'com.docker.compose.oneoff': inp.slug === undefined ? 'False' : 'True',
    'com.docker.compose.project': inp.project,
    'com.docker.compose.project.config_files': inp.configFiles.join(','),
    'com.docker.compose.project.working_dir': inp.workingDir,
    'com.docker.compose.service': inp.desired.name,
    'com.docker.compose.version': inp.version,
    ...(inp.replaces === undefined ? {} : { 'com.docker.compose.replace': inp.replaces }),
    ...(inp.slug === undefined ? {} : { 'com.docker.compose.slug': inp.slug }),
  };
}
