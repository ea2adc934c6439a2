/**
 * COPY and ADD carried out on a mounted root filesystem: each item is laid
 * out by the planner's rules (plan/copy-layout.ts, shared with the fake
 * executor), then written entry by entry with the owner and mode --chown and
 * --chmod give (else the source's own). ADD's local archives are unpacked
 * by the image store's layer applier into a scratch directory first (so a
 * hostile archive cannot write outside it) and that tree is then copied in
 * like a directory. Wildcards in a source from another stage or an image
 * are matched here, where that filesystem can be read.
 */
import { createReadStream, mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ContextSource } from '../context/source.js';
import { BuildError } from '../errors.js';
import { containsWildcards, goMatch } from '../ignore/go-path.js';
import { PatternMatcher } from '../ignore/pattern-matcher.js';
import { detectArchive } from '../plan/archive-detect.js';
import type { Chmod } from '../plan/chmod.js';
import type { Owner } from '../plan/chown.js';
import { copiedAttributes, CopySourceMissing, layoutItem } from '../plan/copy-layout.js';
import { followSymlinks } from '../plan/copy-sources.js';
import type { CopyItem } from '../plan/types.js';
import { applyLayer, decompress } from '../../images/index.js';
import { HostTree } from './host-tree.js';
import { statInRoot } from './in-root.js';
import { ensureDir, placeEntry } from './place.js';

export interface SourcedItem {
  item: CopyItem;
  tree: ContextSource;
}

export interface CopyJob {
  /** The mounted root filesystem written into. */
  root: string;
  items: SourcedItem[];
  dest: string;
  owner?: Owner;
  chmod?: Chmod;
  excludes: string[];
  /** An empty directory of the executor's, for unpacking archives. */
  scratch: () => string;
}

const ROOT: Owner = { uid: 0, gid: 0 };

export async function copyInto(job: CopyJob): Promise<void> {
  const excludes = job.excludes.length > 0 ? new PatternMatcher(job.excludes) : undefined;
  const items = job.items.flatMap((s) => expandWildcards(s));
  if (items.length > 1 && !job.dest.endsWith('/') && statInRoot(job.root, job.dest)?.isDirectory() !== true) {
    throw new BuildError(`When using COPY with more than one source file, the destination must be a directory and end with a /`);
  }
  for (const s of items) {
    if (s.item.unpack) await unpackInto(job, s);
    else writeItem(job, s.item, s.tree, job.dest, excludes);
  }
}

function writeItem(job: CopyJob, item: CopyItem, tree: ContextSource, dest: string, excludes: PatternMatcher | undefined): void {
  if (tree instanceof HostTree) tree.scopeTo(followSymlinks(tree, item.path.replace(/^\/+/, '')));
  const layout = layoutItem(item, tree, dest, (p) => statInRoot(job.root, p)?.isDirectory() === true, excludes);
  const dirOwner = job.owner ?? ROOT;
  for (const r of layout.roots) ensureDir(job.root, r, dirOwner);
  for (const { dest: at, entry } of layout.entries) {
    ensureDir(job.root, parentOf(at), dirOwner);
    const attrs = copiedAttributes(entry, job.owner, job.chmod);
    const host = tree.hostPath;
    placeEntry(job.root, at, entry, attrs, () => (host !== undefined ? host.call(tree, entry.path) : tree.readFile(entry.path)));
  }
}

function parentOf(p: string): string {
  const at = p.lastIndexOf('/');
  return at <= 0 ? '/' : p.slice(0, at);
}

/** A stage or image source with wildcards becomes one item per match (none is fine, as in BuildKit). */
function expandWildcards(s: SourcedItem): SourcedItem[] {
  const rel = s.item.path.replace(/^\/+/, '');
  if (s.item.type !== 'unknown' || !containsWildcards(rel)) return [s];
  const fixed = rel.split('/').findIndex((part) => containsWildcards(part));
  const base = rel.split('/').slice(0, fixed).join('/');
  if (s.tree instanceof HostTree) s.tree.scopeTo(base);
  const matches = s.tree.entries().filter((e) => goMatch(rel, e.path));
  return matches.map((e) => ({ item: { ...s.item, path: `/${e.path}`, name: e.path.slice(e.path.lastIndexOf('/') + 1) }, tree: s.tree }));
}

/** ADD of a local archive: its contents go into the destination directory. */
async function unpackInto(job: CopyJob, s: SourcedItem): Promise<void> {
  const path = s.item.path.replace(/^\/+/, '');
  if (s.tree.get(path) === undefined) throw new CopySourceMissing(s.item.path);
  const head = s.tree.readFile(path);
  const kind = detectArchive(head);
  if (kind === 'bzip2' || kind === 'xz') throw new BuildError(`ADD ${s.item.path}: unpacking ${kind} archives is not supported; use a tar, gzip or zstd archive`);
  const dir = job.scratch();
  mkdirSync(dir, { recursive: true });
  const host = s.tree.hostPath?.call(s.tree, path);
  const stream: AsyncIterable<Uint8Array> = host !== undefined ? createReadStream(host) : Readable.from([Buffer.from(head)]);
  try {
    await applyLayer(decompress(stream), dir, `archive ${s.item.path}`);
  } catch (e) {
    throw new BuildError(`ADD ${s.item.path}: cannot unpack the archive: ${(e as Error).message}`, { cause: e });
  }
  const dest = job.dest.endsWith('/') ? job.dest : `${job.dest}/`;
  writeItem(job, { from: { kind: 'context', name: '' }, path: '', name: '', type: 'dir', unpack: false }, new HostTree(dir), dest, undefined);
}
