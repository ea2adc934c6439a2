/**
 * `tscompose watch` and `up --watch`: the project's develop.watch rules
 * (watch-rules.ts) run by a WatchSession (src/watch) whose driver is the
 * engine and the builder: syncs go into each of the service's containers'
 * root filesystems, restarts and sync+exec commands through the engine,
 * and a rebuild builds the service's image (only that service, as compose
 * does) and then asks the caller to recreate it (`up` with
 * --force-recreate for those services, which the CLI runs with its
 * progress writer). Containers are the project's by their compose labels,
 * one-off `run` containers left out.
 */
import { readFileSync } from 'node:fs';
import type { ProgressSink } from '../build/exec/progress.js';
import type { ContainerEngine, ContainerInspect } from '../engine/index.js';
import { TscomposeError } from '../errors.js';
import { chokidarWatch } from '../watch/watcher.js';
import { WatchSession, type WatchDriver, type WatchFactory } from '../watch/session.js';
import type { ExecHook } from '../watch/types.js';
import type { Timers } from '../watch/debounce.js';
import { buildServices, type BuildProjectInput } from './build.js';
import { imageNameOf } from './build-spec.js';
import { imageStoreFor } from './image-env.js';
import { isMapping } from '../compose/tree.js';
import type { HostContext } from './load-project.js';
import { watchRules } from './watch-rules.js';

export interface WatchRequest {
  services: readonly string[];
  /** --prune: remove the image a rebuild replaced when nothing else names it. */
  prune: boolean;
  /** --quiet: no build output. */
  quiet: boolean;
}

export interface WatchHooks {
  engine(): Promise<ContainerEngine>;
  /** Recreates and starts the services' containers from their new images. */
  recreate(services: string[]): Promise<void>;
  log(message: string): void;
  warn(message: string): void;
  /** Where build output and sync+exec output go. */
  output: ProgressSink;
  watch?: WatchFactory;
  timers?: Timers;
  quietMs?: number;
}

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export class ExecHookError extends TscomposeError {
  constructor(service: string, command: readonly string[], exitCode: number) {
    super('E_WATCH_EXEC', `service ${service}: ${command.join(' ')} exited with code ${exitCode}`);
  }
}

class EngineWatchDriver implements WatchDriver {
  constructor(
    private readonly input: BuildProjectInput,
    private readonly host: HostContext,
    private readonly req: WatchRequest,
    private readonly hooks: WatchHooks,
  ) {}

  private async containers(service: string): Promise<ContainerInspect[]> {
    const engine = await this.hooks.engine();
    const all = await engine.list();
    return all.filter((c) => c.labels['com.docker.compose.project'] === this.input.project.name && c.labels['com.docker.compose.service'] === service && c.labels['com.docker.compose.oneoff'] !== 'True');
  }

  async rootfsOf(service: string): Promise<string[]> {
    return (await this.containers(service)).map((c) => c.paths.rootfs);
  }

  async restart(services: string[]): Promise<void> {
    const engine = await this.hooks.engine();
    for (const s of services) for (const c of await this.containers(s)) await engine.restart(c.id);
  }

  async exec(service: string, hook: ExecHook): Promise<void> {
    const engine = await this.hooks.engine();
    for (const c of await this.containers(service)) {
      if (!c.state.running) continue;
      const h = await engine.exec(c.id, {
        args: hook.command,
        ...(hook.user === undefined ? {} : { user: hook.user }),
        ...(hook.workingDir === undefined ? {} : { workdir: hook.workingDir }),
        ...(hook.environment === undefined ? {} : { env: hook.environment }),
        ...(hook.privileged === true ? { privileged: true } : {}),
      });
      for (const stream of [h.stdout, h.stderr]) stream?.on('data', (d: Buffer) => this.hooks.output.write(d.toString()));
      const exit = await h.exit;
      if (exit.exitCode !== 0) throw new ExecHookError(service, hook.command, exit.exitCode);
    }
  }

  async rebuild(services: string[]): Promise<void> {
    const store = imageStoreFor(this.host);
    const model = isMapping(this.input.project.model.services) ? this.input.project.model.services : {};
    const before = new Map<string, string>();
    for (const s of services) {
      const svc = model[s];
      const id = (await store.get(imageNameOf(this.input.project.name, s, isMapping(svc) ? svc : {})))?.id;
      if (id !== undefined) before.set(s, id);
    }
    const built = await buildServices(this.input, this.host, {
      services,
      warn: this.hooks.warn,
      ...(this.req.quiet ? {} : { progress: this.hooks.output }),
    });
    await this.hooks.recreate(services);
    if (this.req.prune) await this.prune(store, [...before].filter(([s, id]) => built.get(s) !== id).map(([, id]) => id));
  }

  /** --prune: the images a rebuild replaced, once no tag and no container names them (compose removes the project's dangling ones). */
  private async prune(store: ReturnType<typeof imageStoreFor>, ids: readonly string[]): Promise<void> {
    const engine = await this.hooks.engine();
    const used = new Set((await engine.summaries()).map((c) => c.image));
    for (const id of ids) {
      if ((store.localImage(id)?.repoTags.length ?? 1) > 0 || used.has(id)) continue;
      await store.remove(id, { inUse: (x) => used.has(x) });
    }
  }
}

/** Starts watching; the caller closes the returned session (Ctrl-C) and awaits `done` for a watcher failure. */
export async function startWatch(input: BuildProjectInput, host: HostContext, req: WatchRequest, hooks: WatchHooks): Promise<WatchSession> {
  const rules = watchRules({ project: input.project, services: req.services, readFile: readText, warn: hooks.warn });
  const session = new WatchSession(rules, new EngineWatchDriver(input, host, req, hooks), {
    log: hooks.log,
    watch: hooks.watch ?? chokidarWatch,
    ...(hooks.timers === undefined ? {} : { timers: hooks.timers }),
    ...(hooks.quietMs === undefined ? {} : { quietMs: hooks.quietMs }),
  });
  await session.start();
  return session;
}
