/**
 * Where the CLI finds the project supervisor's program and how it keeps one
 * running per project: `up` starts it when none answers (or tells the
 * running one to reload the records), `down` stops it once the project has
 * no container left. A supervisor that cannot start only warns: the
 * containers are up either way, and the next command starts it again.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beginStopSupervisor, ensureSupervisor, request, stopSupervisor, type Launch } from '../supervisor/client.js';
import { supervisorPaths } from '../supervisor/protocol.js';
import { TscomposeError } from '../errors.js';

export interface Program {
  /** The node binary running the CLI. */
  node: string;
  /** The CLI script (dist/tscompose.js) as started. */
  script: string;
}

/** TSCOMPOSE_SUPERVISOR_CMD (a JSON array) wins; else tscompose-supervisor.cjs beside the CLI script. */
export function supervisorLaunch(env: Readonly<Record<string, string | undefined>>, program: Program | undefined): Launch {
  const childEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const custom = env.TSCOMPOSE_SUPERVISOR_CMD;
  if (custom !== undefined && custom !== '') {
    const argv = JSON.parse(custom) as unknown;
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
      throw new TscomposeError('E_SUPERVISOR', 'TSCOMPOSE_SUPERVISOR_CMD must be a JSON array of strings, the command first');
    }
    return { command: argv[0] as string, args: argv.slice(1) as string[], env: childEnv };
  }
  const path = program === undefined ? undefined : join(dirname(program.script), 'tscompose-supervisor.cjs');
  if (program === undefined || path === undefined || !existsSync(path)) {
    throw new TscomposeError('E_SUPERVISOR', 'cannot find tscompose-supervisor.cjs beside the tscompose program', { hint: 'run npm run build, or set TSCOMPOSE_SUPERVISOR_CMD' });
  }
  return { command: program.node, args: [...SUPERVISOR_NODE_FLAGS, path], env: childEnv };
}

/**
 * V8's young generation capped at 1 MiB per semi-space (it grows to 16 by
 * default): measured with 50 containers, 6 MiB less RSS and PSS for the
 * same CPU. --lite-mode and --no-opt saved more memory but took 1.6-2.4x
 * the CPU of the once-a-second poll, so they are not used.
 */
export const SUPERVISOR_NODE_FLAGS = ['--max-semi-space-size=1'];

/** Per project, the last request for its supervisor: the next one goes after it, so one process never spawns two. */
const chains = new Map<string, Promise<void>>();

/** `wait: false` leaves a supervisor that is starting to start (see ensureSupervisor). */
export function keepSupervised(runRoot: string, project: string, launch: () => Launch, warn: (m: string) => void, wait = true): Promise<void> {
  const key = `${runRoot}\0${project}`;
  const next = (chains.get(key) ?? Promise.resolve()).then(() => ensure(runRoot, project, launch, warn, wait));
  chains.set(key, next);
  return next;
}

async function ensure(runRoot: string, project: string, launch: () => Launch, warn: (m: string) => void, wait: boolean): Promise<void> {
  try {
    await ensureSupervisor(runRoot, project, launch(), { wait });
  } catch (e) {
    warn(`the project supervisor did not start (healthchecks and restart policies wait for it): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Before a stop: the supervisor reloads the records, which say the stop was
 * asked for, so it restarts nothing. One that does not answer restarts
 * nothing either. Without its socket (gone, or quieted by this `down`)
 * nobody is asked: a connect that fails cost each stop of a chain 1-3 ms.
 */
export async function tellStopping(runRoot: string, project: string, ask: typeof request = request): Promise<void> {
  const socket = supervisorPaths(runRoot, project).socket;
  if (project === '' || !existsSync(socket)) return;
  await ask(socket, 'reload', undefined, 2000).catch(() => undefined);
}

export async function endSupervisor(runRoot: string, project: string, warn: (m: string) => void): Promise<void> {
  try {
    await stopSupervisor(runRoot, project);
  } catch (e) {
    warn(`the project supervisor did not stop: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Stops the supervisor as far as the caller needs: once this resolves it
 * restarts nothing, and `gone` settles when its process has ended, so a
 * caller can do its work while it exits.
 */
export async function quietSupervisor(runRoot: string, project: string, warn: (m: string) => void): Promise<{ gone: Promise<void> }> {
  try {
    const stop = await beginStopSupervisor(runRoot, project);
    if (stop === undefined) return { gone: Promise.resolve() };
    if (!stop.quiet) await stop.gone;
    return { gone: stop.gone };
  } catch (e) {
    warn(`the project supervisor did not stop: ${e instanceof Error ? e.message : String(e)}`);
    return { gone: Promise.resolve() };
  }
}
