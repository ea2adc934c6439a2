/**
 * The part of compose-go's consistency check that compares a service's own
 * limits with its `deploy` section. As in compose-go, a limit set on the
 * service must be repeated exactly in `deploy.resources.*` when that section
 * exists (even if it does not mention the limit), and `scale` is copied to
 * `deploy.replicas`.
 */
import { ComposeError } from '../errors.js';
import { isMapping, type Mapping } from './tree.js';
import { parseBytes } from './units.js';

const INVALID = 'invalid compose project';

interface LimitRule {
  /** The service key and its `deploy.resources` counterpart. */
  key: string;
  section: 'limits' | 'reservations';
  field: string;
  value: (v: unknown) => number;
}

// Only scalars are numbers: Number() of a map made without a prototype (as
// the YAML loader makes them) throws a TypeError instead of giving NaN.
const scalar = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0);
const float32 = (v: unknown): number => Math.fround(scalar(v));
const bytes = (v: unknown): number => (typeof v === 'string' || typeof v === 'number' ? parseBytes(v) : 0);
const int = scalar;

const LIMITS: readonly LimitRule[] = [
  { key: 'cpus', section: 'limits', field: 'cpus', value: float32 },
  { key: 'mem_limit', section: 'limits', field: 'memory', value: bytes },
  { key: 'mem_reservation', section: 'reservations', field: 'memory', value: bytes },
  { key: 'pids_limit', section: 'limits', field: 'pids', value: int },
];

function present(v: unknown): boolean {
  return v !== null && v !== undefined;
}

/** Checks one service; returns it with `deploy.replicas` set from `scale` when both exist. */
export function checkDeployConsistency(name: string, svc: Mapping): Mapping {
  const deploy = isMapping(svc.deploy) ? svc.deploy : undefined;
  let out = svc;
  if (present(svc.scale) && deploy !== undefined) {
    if (present(deploy.replicas) && scalar(deploy.replicas) !== scalar(svc.scale)) {
      throw conflict(name, 'scale', 'deploy.replicas');
    }
    out = { ...svc, deploy: { ...deploy, replicas: svc.scale } };
  }
  for (const rule of LIMITS) {
    const own = rule.value(svc[rule.key]);
    if (own === 0 || deploy === undefined) continue;
    const resources = isMapping(deploy.resources) ? deploy.resources : {};
    const section = resources[rule.section];
    if (!isMapping(section)) continue;
    if (rule.value(section[rule.field]) !== own) {
      throw conflict(name, rule.key, `deploy.resources.${rule.section}.${rule.field}`);
    }
  }
  checkContainerName(name, out);
  return out;
}

function conflict(name: string, key: string, deployKey: string): ComposeError {
  return new ComposeError(
    'E_CONFLICT',
    `services.${name}: can't set distinct values on '${key}' and '${deployKey}': ${INVALID}`,
    { path: `services.${name}.${key}` },
    { hint: `set only one of them, or the same value in both` },
  );
}

function checkContainerName(name: string, svc: Mapping): void {
  const deploy = isMapping(svc.deploy) ? svc.deploy : {};
  const scale = present(svc.scale) ? scalar(svc.scale) : present(deploy.replicas) ? scalar(deploy.replicas) : 1;
  if (scale <= 1 || typeof svc.container_name !== 'string' || svc.container_name === '') return;
  const attr = present(svc.scale) ? 'scale' : 'deploy.replicas';
  // compose-go swaps the two names in this message; we print what it prints.
  throw new ComposeError(
    'E_CONFLICT',
    `services.${attr}: can't set container_name and ${name} as container name must be unique: ${INVALID}`,
    { path: `services.${name}.container_name` },
    { hint: 'container names are unique: drop container_name to run several replicas' },
  );
}
