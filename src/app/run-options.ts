/**
 * What `run`'s flags do to the service, as docker compose's runOptions.apply
 * and applyRunOptions do it to the canonical service before creating the
 * one-off: the service's ports are dropped unless --service-ports (then -p
 * is refused), -p and -v are appended, the command, entrypoint (which clears
 * the image's command when no command is given), user, working directory,
 * capabilities, environment (-e over the service's) and labels replaced or
 * added; the restart policy is removed and tty/stdin_open are the run's.
 * Pure: the result is the service config the create handler translates.
 */
import { isAbsolute, resolve } from 'node:path';
import { parsePortSpec } from '../compose/canonical-ports.js';
import { parseVolumeSpec } from '../compose/canonical-volumes.js';
import type { Mapping } from '../compose/tree.js';
import { UsageError } from '../errors.js';
import { resolveEnv } from './exec.js';

export interface RunOptions {
  command: string[];
  /** Parsed --entrypoint; undefined when the flag was not given ("" gives [], which clears the image's). */
  entrypoint?: string[];
  env: string[];
  labels: string[];
  user: string;
  workdir: string;
  volumes: string[];
  publish: string[];
  servicePorts: boolean;
  capAdd: string[];
  capDrop: string[];
  tty: boolean;
  interactive: boolean;
  name: string;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** docker's label list: `KEY=VALUE`, anything else refused with compose's words. */
export function parseLabels(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const at = e.indexOf('=');
    if (at < 0) throw new UsageError('label must be set as KEY=VALUE');
    out[e.slice(0, at)] = e.slice(at + 1);
  }
  return out;
}

function ports(opts: RunOptions, service: Mapping): unknown[] {
  if (opts.servicePorts) return list(service.ports).length === 0 ? [] : (service.ports as unknown[]);
  return opts.publish.flatMap((p) => {
    try {
      return parsePortSpec(p);
    } catch (e) {
      throw new UsageError(`invalid --publish value "${p}": ${(e as Error).message}`);
    }
  });
}

/** `-v` in the short syntax; a relative bind source is taken from the project directory, as the file's are. */
function volumes(opts: RunOptions, service: Mapping, workingDir: string): unknown[] {
  const added = opts.volumes.map((v) => {
    let m: Mapping;
    try {
      m = parseVolumeSpec(v);
    } catch (e) {
      throw new UsageError(`invalid --volume value "${v}": ${(e as Error).message}`);
    }
    if (m.type === 'bind' && typeof m.source === 'string' && !isAbsolute(m.source)) m.source = resolve(workingDir, m.source);
    return m;
  });
  return [...(Array.isArray(service.volumes) ? service.volumes : []), ...added];
}

export function applyRunOptions(service: Mapping, opts: RunOptions, env: Readonly<Record<string, string | undefined>>, workingDir: string): Mapping {
  if (opts.servicePorts && opts.publish.length > 0) throw new UsageError('--service-ports and --publish are incompatible');
  const out: Mapping = { ...service, tty: opts.tty, stdin_open: opts.interactive, ports: ports(opts, service), volumes: volumes(opts, service, workingDir) };
  delete out.restart;
  if (typeof out.deploy === 'object' && out.deploy !== null) {
    const { restart_policy: _dropped, ...deploy } = out.deploy as Mapping;
    out.deploy = deploy;
  }
  if (opts.name !== '') out.container_name = opts.name;
  else delete out.container_name;
  if (opts.command.length > 0) out.command = [...opts.command];
  if (opts.user !== '') out.user = opts.user;
  if (opts.workdir !== '') out.working_dir = opts.workdir;
  if (opts.capAdd.length > 0) {
    out.cap_add = [...list(out.cap_add), ...opts.capAdd];
    out.cap_drop = list(out.cap_drop).filter((c) => !opts.capAdd.includes(c));
  }
  if (opts.capDrop.length > 0) {
    out.cap_drop = [...list(out.cap_drop), ...opts.capDrop];
    out.cap_add = list(out.cap_add).filter((c) => !opts.capDrop.includes(c));
  }
  if (opts.entrypoint !== undefined) {
    out.entrypoint = [...opts.entrypoint];
    if (opts.command.length === 0) out.command = [];
  }
  if (opts.env.length > 0) {
    const own = typeof service.environment === 'object' && service.environment !== null ? (service.environment as Mapping) : {};
    const given = Object.fromEntries(resolveEnv(opts.env, env).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    out.environment = { ...own, ...given };
  }
  const labels = parseLabels(opts.labels);
  if (Object.keys(labels).length > 0) out.labels = { ...(typeof service.labels === 'object' && service.labels !== null ? (service.labels as Mapping) : {}), ...labels };
  return out;
}
