/**
 * The `image` commands that change the store, in the style of `docker
 * image`: pull and push with docker's per-layer lines, rm, tag, prune,
 * load, save and import.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { familiarString, importRootfs, loadArchive, parsePlatform, parseReference, pullImage, pushImage, saveImages, type ProgressEvent, type RemoveReport } from '../images/index.js';
import { NoSuchImageError } from '../images/errors.js';
import { imageStoreFor, registryOptionsFor } from './image-env.js';
import type { HostContext } from './load-project.js';

export type Say = (line: string) => void;

/** docker pull's lines without a terminal: one per layer state change, then Digest and Status. */
function dockerLines(say: Say): (e: ProgressEvent) => void {
  return (e) => {
    if (e.kind === 'status') say(e.text);
    else if (e.status !== 'Downloading' && e.status !== 'Pushing') say(`${e.id}: ${e.status === 'Mounted from' ? `Mounted from ${e.detail ?? ''}` : e.status}`);
  };
}

export async function imagePull(host: HostContext, ref: string, opts: { platform: string; quiet: boolean }, say: Say): Promise<void> {
  const r = parseReference(ref);
  if (!opts.quiet) say(`${r.tag ?? (r.digest === undefined ? 'latest' : r.digest)}: Pulling from ${familiarString({ domain: r.domain, path: r.path })}`);
  if (opts.platform !== '') parsePlatform(opts.platform);
  await pullImage(imageStoreFor(host), ref, { ...registryOptionsFor(host), platform: opts.platform, ...(opts.quiet ? {} : { onProgress: dockerLines(say) }) });
  say(familiarString(r.tag === undefined && r.digest === undefined ? { ...r, tag: 'latest' } : r));
}

export async function imagePush(host: HostContext, ref: string, quiet: boolean, say: Say): Promise<void> {
  const r = parseReference(ref);
  if (!quiet) say(`The push refers to repository [${r.domain}/${r.path}]`);
  await pushImage(imageStoreFor(host), ref, { ...registryOptionsFor(host), ...(quiet ? {} : { onProgress: dockerLines(say) }) });
  if (quiet) say(familiarString(r));
}

/** docker rmi: each reference on its own; the ones that fail are reported and the rest still go. */
export async function imageRemove(host: HostContext, refs: readonly string[], force: boolean, say: Say): Promise<Error[]> {
  const store = imageStoreFor(host);
  const errors: Error[] = [];
  for (const ref of refs) {
    try {
      const report = await store.remove(ref, { force });
      for (const u of report.untagged) say(`Untagged: ${u}`);
      for (const d of report.deleted) say(`Deleted: ${d}`);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  return errors;
}

export async function imageTag(host: HostContext, source: string, target: string): Promise<void> {
  await imageStoreFor(host).tag(source, target);
}

export async function imagePrune(host: HostContext, all: boolean): Promise<RemoveReport> {
  return imageStoreFor(host).prune({ all });
}

export async function imageLoad(host: HostContext, input: string, stdin: (() => AsyncIterable<Uint8Array>) | undefined): Promise<string[]> {
  const store = imageStoreFor(host);
  let loaded;
  if (input === '' || input === '-') {
    if (stdin === undefined) throw new NoSuchImageError('-', { hint: 'give the archive with --input' });
    loaded = await loadArchive(store, { tar: stdin() }, 'stdin');
  } else {
    loaded = await loadArchive(store, statSync(input).isDirectory() ? { dir: input } : { tar: createReadStream(input) }, input);
  }
  return loaded.map((l) => l.message);
}

export async function imageSave(host: HostContext, refs: readonly string[], output: string, toStdout: ((c: Uint8Array) => Promise<void>) | undefined): Promise<void> {
  const stream = saveImages(imageStoreFor(host), refs);
  if (output !== '') {
    await process.getBuiltinModule('node:stream/promises').pipeline(stream, createWriteStream(output));
    return;
  }
  if (toStdout === undefined) throw new Error('no standard output for the archive');
  for await (const chunk of stream) await toStdout(chunk);
}

export async function imageImport(host: HostContext, source: string, opts: { tag?: string; changes: readonly string[]; message: string; platform: string }, stdin: (() => AsyncIterable<Uint8Array>) | undefined): Promise<string> {
  const tar = source === '-' ? stdin?.() : createReadStream(source);
  if (tar === undefined) throw new Error('no standard input for the tarball');
  if (opts.tag !== undefined) parseReference(opts.tag);
  const image = await importRootfs(imageStoreFor(host), tar, {
    source,
    changes: opts.changes,
    message: opts.message,
    ...(opts.tag === undefined ? {} : { tag: opts.tag }),
    ...(opts.platform === '' ? {} : { platform: parsePlatform(opts.platform) }),
  });
  return image.id;
}
