/**
 * `exec` and `attach`, as docker compose 2.26.1 finds their container
 * (getSpecifiedContainer: the service's running container with the lowest
 * number, or `--index N`, one-offs included) and hands it to the engine.
 * The terminal side (raw mode, resizes, stdin) is the CLI's.
 */
import type { AttachHandle, ContainerInspect, ExecHandle } from '../engine/index.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { prepare } from './service-ops.js';
import { specifiedContainer } from './service-targets.js';

export interface ExecRequest {
  service: string;
  command: string[];
  index: number;
  detach: boolean;
  /** `-e KEY=VALUE`; `-e KEY` takes KEY from the project's environment and is left out when it has none. */
  env: string[];
  user: string;
  workdir: string;
  privileged: boolean;
  tty: boolean;
  interactive: boolean;
}

export interface OpenedExec {
  container: ContainerInspect;
  handle: ExecHandle;
}

/** compose-go's MappingWithEquals.Resolve then ToMobyEnv. */
export function resolveEnv(entries: readonly string[], lookup: Readonly<Record<string, string | undefined>>): string[] {
  return entries.flatMap((e) => {
    if (e.includes('=')) return [e];
    const v = lookup[e];
    return v === undefined ? [] : [`${e}=${v}`];
  });
}

export async function openExec(global: GlobalOptions, host: HostContext, req: ExecRequest, s: Session): Promise<OpenedExec> {
  const p = await prepare(global, host, s, [req.service]);
  const t = await specifiedContainer(p.engine, p.record, req.service, req.index);
  const env = resolveEnv(req.env, p.target.project?.environment ?? host.env);
  const handle = await p.engine.exec(t.inspect.id, {
    args: req.command, env, tty: req.tty, stdin: req.interactive && !req.detach, detach: req.detach, privileged: req.privileged,
    ...(req.user === '' ? {} : { user: req.user }), ...(req.workdir === '' ? {} : { workdir: req.workdir }),
  });
  return { container: t.inspect, handle };
}

export interface AttachRequest {
  service: string;
  index: number;
}

export interface OpenedAttach {
  container: ContainerInspect;
  handle: AttachHandle;
  /** Sends a signal to the container (--sig-proxy). */
  signal(name: string): Promise<void>;
}

export async function openAttach(global: GlobalOptions, host: HostContext, req: AttachRequest, s: Session): Promise<OpenedAttach> {
  const p = await prepare(global, host, s, [req.service]);
  const t = await specifiedContainer(p.engine, p.record, req.service, req.index);
  const handle = await p.engine.attach(t.inspect.id);
  return { container: t.inspect, handle, signal: (name) => p.engine.kill(t.inspect.id, name) };
}
