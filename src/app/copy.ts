/**
 * `cp`, with docker cp's archive rules as docker compose 2.26.1 applies them:
 * SERVICE:PATH names a path in the service's container (the first one when
 * copying out; every one when copying in, or number --index), `-` a tar
 * stream on standard input or output. A directory source whose path ends in
 * `/.` gives its contents; a destination directory that exists receives the
 * source under its own name; one that does not exist becomes the copy.
 * Copying in gives files to the container's root (0:0) unless -a keeps the
 * host's owners; copying out leaves them to the user running tscompose, as
 * the docker CLI does. -L follows a symbolic link that is the source.
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, posix, resolve } from 'node:path';
import { event } from '../exec/events.js';
import { TscomposeError } from '../errors.js';
import { ContainerFs, CopyError } from './container-fs.js';
import { copyTree, tarOf, untarInto, type Owner } from './copy-tree.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { prepare } from './service-ops.js';
import { selectContainers, specifiedContainer, type Target } from './service-targets.js';

export interface CopyRequest {
  source: string;
  destination: string;
  index: number;
  all: boolean;
  followLink: boolean;
  archive: boolean;
}

export interface CopyStreams {
  stdin(): AsyncIterable<Uint8Array>;
  stdout(chunk: Uint8Array): Promise<void>;
}

/** docker compose's splitCpArg: an absolute or `./` path is local, else `SERVICE:PATH`. */
export function splitCpArg(arg: string): { service?: string; path: string } {
  if (isAbsolute(arg)) return { path: arg };
  const at = arg.indexOf(':');
  if (at < 0 || arg.startsWith('.')) return { path: arg };
  return { service: arg.slice(0, at), path: arg.slice(at + 1) };
}

export async function runCopy(global: GlobalOptions, host: HostContext, req: CopyRequest, s: Session, io: CopyStreams): Promise<void> {
  if (req.source === '') throw new TscomposeError('E_USAGE', 'source can not be empty');
  if (req.destination === '') throw new TscomposeError('E_USAGE', 'destination can not be empty');
  const src = splitCpArg(req.source);
  const dst = splitCpArg(req.destination);
  if (src.service !== undefined && dst.service !== undefined) throw new TscomposeError('E_USAGE', 'copying between services is not supported');
  if (src.service === undefined && dst.service === undefined) throw new TscomposeError('E_USAGE', 'unknown copy direction');
  if (src.service !== undefined && req.all) throw new TscomposeError('E_USAGE', 'cannot use the --all flag when copying from a service');
  const service = (src.service ?? dst.service) as string;
  const p = await prepare(global, host, s, [service]);
  const targets = await targetsFor(p, service, req.index, src.service !== undefined);
  // resolve() would drop the `/.` that asks for a directory's contents.
  const local = (x: string): string => (x === '-' ? x : `${resolve(host.cwd, x)}${contentsOnly(x) ? '/.' : ''}`);
  await Promise.all(targets.map(async (t) => {
    const name = t.record.name;
    const text = src.service !== undefined ? `copy ${name}:${src.path} to ${dst.path}` : `copy ${src.path} to ${name}:${dst.path}`;
    s.onEvent(event(name, 'working', 'Copying', text));
    if (!s.dryRun) {
      const fs = ContainerFs.of(t.inspect);
      if (src.service !== undefined) await copyOut(fs, name, src.path, local(dst.path), req, io, s.warn);
      else await copyIn(fs, name, local(src.path), dst.path, req, io, s.warn);
    }
    s.onEvent(event(name, 'done', 'Copied', text));
  }));
}

async function targetsFor(p: Awaited<ReturnType<typeof prepare>>, service: string, index: number, from: boolean): Promise<Target[]> {
  if (index > 0) return [await specifiedContainer(p.engine, p.record, service, index, true)];
  const all = (await selectContainers(p.engine, p.record, { services: [service], oneOff: 'exclude', stopped: true })).sort((a, b) => a.record.number - b.record.number);
  if (all.length === 0) throw new TscomposeError('E_NO_CONTAINER', `no container found for service "${service}"`);
  return from ? all.slice(0, 1) : all;
}

/** `/.` at the end asks for a directory's contents (docker's "copy contents" form). */
function contentsOnly(path: string): boolean {
  return path === '.' || path.endsWith('/.');
}

/** Where a source named `base` lands under docker cp's rules, `dest` being a host path. */
function landing(dest: string, destGiven: string, srcIsDir: boolean, base: string, contents: boolean): string {
  const st = existsSync(dest) ? statSync(dest) : undefined;
  if (st?.isDirectory() === true) return contents ? dest : posix.join(dest, base);
  if (st !== undefined && srcIsDir) throw new CopyError(`cannot copy a directory to a file: ${destGiven}`);
  if (st === undefined && destGiven.endsWith('/') && !srcIsDir) throw new CopyError(`the destination directory must exist: ${destGiven}`);
  if (!existsSync(dirname(dest))) throw new CopyError(`no such directory: ${dirname(destGiven)}`);
  return dest;
}

async function copyOut(fs: ContainerFs, name: string, srcPath: string, dest: string, req: CopyRequest, io: CopyStreams, warn: (m: string) => void): Promise<void> {
  const inContainer = fs.resolve(posix.resolve('/', srcPath), req.followLink);
  const hostSrc = fs.hostPath(inContainer);
  const st = lstatOrUndefined(hostSrc);
  if (st === undefined) throw new CopyError(`Could not find the file ${srcPath} in container ${name}`);
  const contents = st.isDirectory() && contentsOnly(srcPath);
  if (dest === '-') {
    for await (const chunk of tarOf(hostSrc, contents ? '.' : posix.basename(inContainer))) await io.stdout(chunk);
    return;
  }
  const target = landing(dest, dest, st.isDirectory(), posix.basename(inContainer), contents);
  const keep: Owner = () => undefined;
  if (contents && target === dest) {
    for (const child of readdirSync(hostSrc)) copyTree(posix.join(hostSrc, child), posix.join(target, child), keep, warn);
  } else copyTree(hostSrc, target, keep, warn);
}

async function copyIn(fs: ContainerFs, name: string, src: string, destPath: string, req: CopyRequest, io: CopyStreams, warn: (m: string) => void): Promise<void> {
  const owner: Owner = req.archive ? (uid, gid) => [uid, gid] : () => [0, 0];
  const inContainer = fs.resolve(posix.resolve('/', destPath), true);
  const hostDest = fs.hostPath(inContainer);
  if (src === '-') {
    if (!(lstatOrUndefined(hostDest)?.isDirectory() ?? false)) throw new CopyError(`Could not find the file ${destPath} in container ${name}`, 'with - the destination must be a directory that exists');
    await untarInto(io.stdin(), hostDest, owner);
    return;
  }
  const st = req.followLink ? statOrUndefined(src) : lstatOrUndefined(src);
  if (st === undefined) throw new CopyError(`lstat ${src}: no such file or directory`);
  const from = req.followLink ? realpathSync(src) : src;
  const contents = st.isDirectory() && contentsOnly(src);
  const target = landing(hostDest, destPath, st.isDirectory(), basename(src), contents);
  if (contents && target === hostDest) {
    for (const child of readdirSync(from)) copyTree(posix.join(from, child), posix.join(target, child), owner, warn);
  } else copyTree(from, target, owner, warn);
}

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
