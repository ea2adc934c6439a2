/**
 * COPY and ADD: sources, destination and flags expanded with the stage's
 * environment; local sources resolved in their context and hashed; ADD's
 * URLs taken from what the executor downloaded, and local archives marked
 * for unpacking by their content. The key holds the classic builder's
 * `#(nop) COPY file:<hash> in <dest>` command.
 */
import type { ContextSource } from '../context/source.js';
import { DockerfileError } from '../errors.js';
import { goClean } from '../ignore/go-path.js';
import { PatternMatcher } from '../ignore/pattern-matcher.js';
import type { Instruction } from '../instructions/types.js';
import { nopCmd, stepKey } from './cache-key.js';
import { parseChmod, type Chmod } from './chmod.js';
import { detectArchive } from './archive-detect.js';
import { contextPath, resolveContextSources } from './copy-sources.js';
import { history } from './dispatch-meta.js';
import { sourceRefFor } from './dispatch-from.js';
import { combineSourceHashes, sha256Hex } from './file-hash.js';
import { addStep, stepName, uppercaseCmd, type PlanContext, type StageState } from './state.js';
import type { CopyItem, CopyOp, SourceRef } from './types.js';

type CopyLike = Extract<Instruction, { kind: 'copy' | 'add' }>;

interface Resolved {
  items: CopyItem[];
  hashes: string[];
}

export function dispatchCopy(ctx: PlanContext, st: StageState, cmd: CopyLike): void {
  const x = (w: string): string => ctx.lex.processWord(w, st.env).result;
  const isAdd = cmd.kind === 'add';
  const sources = cmd.sources.map(x);
  const dest = destination(st.image.config.WorkingDir ?? '/', x(cmd.dest));
  const chown = x(cmd.chown);
  const chmodText = x(cmd.chmod);
  const chmod: Chmod | undefined = chmodText === '' ? undefined : parseChmod(chmodText);
  const checksum = isAdd ? x(cmd.checksum) : '';
  if (checksum !== '') checkChecksum(sources);
  const excludes = cmd.excludes.length > 0 ? new PatternMatcher(cmd.excludes) : undefined;
  const resolved: Resolved = { items: [], hashes: [] };
  for (const src of sources) resolveSource(ctx, st, cmd, src, excludes, resolved, checksum);
  const raw = ctx.lex.with({ skipProcessQuotes: true, escapeToken: '\\' });
  for (const c of cmd.contents) {
    const data = c.expand ? raw.processWord(c.data, st.env).result : c.data;
    resolved.items.push({ from: { kind: 'inline', data }, path: c.path, name: c.path, type: 'file', unpack: false, mode: 0o644 });
    resolved.hashes.push(`inline:${sha256Hex(`${c.path}\0${data}`)}`);
  }
  if ((resolved.items.length > 1 || sources.length + cmd.contents.length > 1) && !dest.endsWith('/')) {
    throw new DockerfileError(`When using ${isAdd ? 'ADD' : 'COPY'} with more than one source file, the destination must be a directory and end with a /`, undefined, undefined);
  }
  const sourceHash = combineSourceHashes(resolved.hashes);
  const op: CopyOp = { items: resolved.items, dest, link: cmd.link, excludes: cmd.excludes, sourceHash, ...(chown === '' ? {} : { chown }), ...(chmod === undefined ? {} : { chmod }) };
  const comment = `${isAdd ? 'ADD' : 'COPY'} ${chown === '' ? '' : `--chown=${chown} `}${sourceHash} in ${dest} `;
  const key = stepKey(st.key, st.image, nopCmd(st.image, comment), {
    chmod: chmodText, link: cmd.link, excludes: cmd.excludes, parents: cmd.kind === 'copy' && cmd.parents, from: cmd.kind === 'copy' ? cmd.from : '',
    unpack: resolved.items.map((i) => i.unpack),
  });
  const name = stepName(st, uppercaseCmd(safeWord(ctx, st, cmd.code)));
  addStep(st, name, cmd, { kind: 'copy', copy: op }, key);
  history(st.image, `${isAdd ? 'ADD' : 'COPY'} ${[...sources, ...cmd.contents.map((c) => `<<${c.path}`)].join(' ')} ${dest} # buildkit`, false);
}

function safeWord(ctx: PlanContext, st: StageState, code: string): string {
  try {
    return ctx.lex.processWord(code, st.env).result;
  } catch {
    return code;
  }
}

/** The destination made absolute against WORKDIR, keeping a trailing `/` (and `.` meaning the directory itself). */
export function destination(workdir: string, dest: string): string {
  const d = dest === '' || dest === '.' ? './' : dest;
  const joined = d.startsWith('/') ? goClean(d) : goClean(`${workdir}/${d}`);
  const dir = d.endsWith('/') || d.endsWith('/.');
  return dir && joined !== '/' ? `${joined}/` : joined;
}

function isGit(src: string): boolean {
  if (/^(git@|git:\/\/|ssh:\/\/)/.test(src)) return true;
  return /^https?:\/\//.test(src) && /\.git($|#|\/?$)/.test(src.split('?')[0] as string);
}

function isUrl(src: string): boolean {
  return /^https?:\/\//.test(src) && !isGit(src);
}

function checkChecksum(sources: readonly string[]): void {
  if (sources.length !== 1) throw new DockerfileError("checksum can't be specified for multiple sources", undefined, undefined);
  if (!isUrl(sources[0] as string) && !isGit(sources[0] as string)) throw new DockerfileError('checksum requires HTTP(S) or Git sources', undefined, undefined);
}

function resolveSource(ctx: PlanContext, st: StageState, cmd: CopyLike, src: string, excludes: PatternMatcher | undefined, out: Resolved, checksum: string): void {
  if (isGit(src)) {
    if (cmd.kind === 'copy') throw new DockerfileError("source can't be a git ref for COPY", undefined, undefined);
    throw new DockerfileError(`ADD from a git repository (${src}) is not supported by tscompose yet`, undefined, undefined, { hint: 'clone the repository into the build context and COPY it' });
  }
  if (isUrl(src)) {
    if (cmd.kind === 'copy') throw new DockerfileError("source can't be a URL for COPY", undefined, undefined);
    remoteSource(ctx, src, out, checksum);
    return;
  }
  const from: SourceRef = cmd.kind === 'copy' && cmd.from !== '' ? sourceRefFor(ctx, st, cmd.from) : { kind: 'context', name: '' };
  if (from.kind === 'stage' || from.kind === 'image') {
    const path = `/${contextPath(src)}`;
    out.items.push({ from, path, name: path.slice(path.lastIndexOf('/') + 1), type: 'unknown', unpack: false, ...parentsTarget(cmd, src) });
    const owner = from.kind === 'stage' ? (ctx.done.get(from.stage)?.finalKey ?? '') : from.id;
    out.hashes.push(`${from.kind}:${sha256Hex(`${owner}\0${path}\0${cmd.excludes.join('\0')}`)}`);
    return;
  }
  const source = contextSource(ctx, from);
  const pivot = cmd.kind === 'copy' && cmd.parents ? src.split('/./') : [src];
  for (const m of resolveContextSources(source, pivot.length > 1 ? pivot.join('/') : src, excludes)) {
    const type = m.entry?.type === 'file' || m.entry?.type === 'symlink' ? m.entry.type : m.entry === undefined ? 'dir' : m.entry.type === 'dir' ? 'dir' : 'file';
    const unpack = cmd.kind === 'add' && cmd.unpack !== false && type === 'file' && detectArchive(source.readFile(m.path)) !== undefined;
    const item: CopyItem = { from, path: m.path, name: m.name, type, unpack };
    if (cmd.kind === 'copy' && cmd.parents) item.target = parentsPath(pivot, m.path);
    out.items.push(item);
    out.hashes.push(m.hash);
  }
}

function contextSource(ctx: PlanContext, from: SourceRef): ContextSource {
  if (from.kind !== 'context' || from.name === '') return ctx.context;
  const named = ctx.req.namedContexts.get(from.name);
  if (named === undefined) throw new DockerfileError(`build context ${from.name} is not a local directory`, undefined, undefined);
  return named;
}

/** --parents keeps the path below the `/./` pivot, or the whole source path. */
function parentsPath(pivot: readonly string[], matched: string): string {
  if (pivot.length < 2) return matched;
  const base = contextPath(pivot[0] as string);
  return base === '' ? matched : matched.slice(base.length + 1);
}

function parentsTarget(cmd: CopyLike, src: string): { target?: string } {
  if (cmd.kind !== 'copy' || !cmd.parents) return {};
  const pivot = src.split('/./');
  return { target: contextPath(pivot.length > 1 ? (pivot[1] as string) : src) };
}

function remoteSource(ctx: PlanContext, url: string, out: Resolved, checksum: string): void {
  const file = ctx.res.remote.get(url);
  if (file === undefined) {
    if (!ctx.needs.urls.includes(url)) ctx.needs.urls.push(url);
    return;
  }
  if (checksum !== '' && checksum !== `sha256:${file.sha256}`) {
    throw new DockerfileError(`digest mismatch ${checksum}: sha256:${file.sha256}`, undefined, undefined);
  }
  out.items.push({ from: { kind: 'url', url, sha256: file.sha256 }, path: file.filename, name: file.filename, type: 'file', unpack: false, mode: 0o600 });
  out.hashes.push(`url:${file.sha256}:${file.filename}`);
}
