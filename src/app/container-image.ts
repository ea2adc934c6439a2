/**
 * `export` and `commit` of a service's running container (docker compose's
 * getSpecifiedContainer: the lowest number, or `--index N`, one-offs
 * included). export streams the container's file system as the process
 * sees it (the overlay's merged root; its bind mounts and volumes, mounted
 * in the container's own mount namespace, are not part of it, as docker
 * export leaves volumes out) as one tar. commit turns the overlay's upper
 * directory (what the container changed, deletions as whiteouts) into a
 * layer over its image's, with the container's command, entrypoint,
 * environment, working directory and user as the new image's config,
 * `-c` Dockerfile changes applied and `-m`/`-a` in its history, paused
 * meanwhile unless `--pause=false`.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { ContainerInspect } from '../engine/index.js';
import { applyChanges, layerTarFromDir, type ContainerConfig, type OciImage } from '../images/index.js';
import { TscomposeError } from '../errors.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { containerId, event } from '../exec/events.js';
import { prepare } from './service-ops.js';
import { specifiedContainer, type Target } from './service-targets.js';

export interface ContainerPick {
  service: string;
  index: number;
}

async function pick(global: GlobalOptions, host: HostContext, s: Session, req: ContainerPick): Promise<{ t: Target; pause(): Promise<void>; resume(): Promise<void> }> {
  const p = await prepare(global, host, s, [req.service]);
  const t = await specifiedContainer(p.engine, p.record, req.service, req.index);
  return { t, pause: () => p.engine.pause(t.inspect.id), resume: () => p.engine.resume(t.inspect.id) };
}

/** The container's root file system as a tar stream. */
export async function exportContainer(global: GlobalOptions, host: HostContext, s: Session, req: ContainerPick): Promise<{ name: string; tar: AsyncIterable<Uint8Array> }> {
  const { t } = await pick(global, host, s, req);
  return { name: t.record.name, tar: layerTarFromDir(t.inspect.paths.rootfs) };
}

/** To FILE (written beside it, then renamed, 0600 as docker compose writes it) or standard output. */
export async function writeExport(tar: AsyncIterable<Uint8Array>, output: string, toStdout: ((c: Uint8Array) => Promise<void>) | undefined): Promise<void> {
  if (output === '') {
    if (toStdout === undefined) throw new TscomposeError('E_NO_STDOUT', 'no standard output for the archive');
    for await (const chunk of tar) await toStdout(chunk);
    return;
  }
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  try {
    // The stream modules only here: `ps` and `logs` load this chunk too.
    const { Readable } = process.getBuiltinModule('node:stream');
    await process.getBuiltinModule('node:stream/promises').pipeline(Readable.from(tar), createWriteStream(tmp, { mode: 0o600 }));
    renameSync(tmp, output);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new TscomposeError('E_EXPORT', `failed to export container: ${(e as Error).message}`);
  }
}

export interface CommitRequest extends ContainerPick {
  reference: string;
  pause: boolean;
  message: string;
  author: string;
  changes: string[];
}

/** KEY=VALUE lists merged by key, later ones winning, in first-seen order (the engine merges the image's and the service's so). */
function mergeEnv(base: readonly string[], over: readonly string[]): string[] {
  const key = (e: string): string => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e);
  const out = [...base];
  for (const o of over) {
    const at = out.findIndex((e) => key(e) === key(o));
    if (at >= 0) out[at] = o;
    else out.push(o);
  }
  return out;
}

/** docker commit's config: the image's, with what the container runs instead. */
export function committedConfig(image: ContainerConfig, c: ContainerInspect, changes: readonly string[]): ContainerConfig {
  const d = c.description;
  const config: ContainerConfig = {
    ...image,
    Env: mergeEnv(image.Env ?? [], d.env ?? []),
    ...(d.entrypoint === undefined ? {} : { Entrypoint: [...d.entrypoint], Cmd: [...(d.command ?? [])] }),
    ...(d.command === undefined ? {} : { Cmd: [...d.command] }),
    ...(d.workingDir === undefined ? {} : { WorkingDir: d.workingDir }),
    ...(d.user === undefined ? {} : { User: d.user }),
  };
  return applyChanges(config, changes);
}

export async function commitContainer(global: GlobalOptions, host: HostContext, s: Session, req: CommitRequest): Promise<string> {
  const { t, pause, resume } = await pick(global, host, s, req);
  const id = containerId(t.record.name);
  s.onEvent(event(id, 'working', 'Committing'));
  if (s.dryRun) {
    s.onEvent(event(id, 'done', 'Committed'));
    return '';
  }
  const store = await s.drivers.imageStore();
  const base = (await store.get(t.record.imageId)) ?? (await store.get(t.record.image));
  if (base === undefined) throw new TscomposeError('E_NO_SUCH_IMAGE', `the image of ${t.record.name} (${t.record.image}) is no longer in the image store`, { hint: 'pull or build it again, then commit' });
  const paused = req.pause && !t.inspect.state.paused;
  if (paused) await pause();
  let made: string;
  try {
    const layer = await store.importLayer(layerTarFromDir(t.inspect.paths.upper));
    const created = new Date().toISOString();
    const author = req.author === '' ? {} : { author: req.author };
    // The base image's own comment (an import's, say) is not this image's.
    const { comment: _theirs, ...inherited } = base.config;
    const image: OciImage = {
      ...inherited, created, ...author, ...(req.message === '' ? {} : { comment: req.message }),
      config: committedConfig(base.config.config ?? {}, t.inspect, req.changes),
      rootfs: { type: 'layers', diff_ids: [...base.config.rootfs.diff_ids, layer.diffId] },
      history: [...(base.config.history ?? []), { created, ...author, ...(req.message === '' ? {} : { comment: req.message }) }],
    };
    made = (await store.writeImage(image, image.rootfs.diff_ids, req.reference === '' ? [] : [req.reference])).id;
  } finally {
    if (paused) await resume();
  }
  s.onEvent(event(id, 'done', `Committed as ${made}`));
  return made;
}
