/**
 * Relative paths made absolute against the project directory, as compose-go
 * v2.4.8 paths.ResolveRelativePaths does. As there, a path that is already
 * absolute is kept as written (not cleaned), a joined one is cleaned, `~`
 * means the home directory, and Windows absolute paths count as absolute so
 * a Windows client's file still names the same place.
 */
import { expandUser, goJoin, isUnixAbs, isWindowsAbs } from './canonical-gopath.js';
import { applyRules, goTypeName, modelError, ruleTable, type Rule, type RuleContext } from './canonical-rules.js';
import { isMapping, type Mapping } from './tree.js';

export interface ResolvePathsOptions {
  /** Files fetched by a remote loader (`extends.file`), left alone. Default: docker compose's git and OCI loaders. */
  isRemote?: (path: string) => boolean;
}

const REMOTE_CONTEXT_PREFIXES = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

/** Returns a new model with absolute paths; the input is not modified. */
export function resolveRelativePaths(model: Mapping, workingDir: string, homeDir: string, opts: ResolvePathsOptions = {}): Mapping {
  const isRemote = opts.isRemote ?? isComposeRemoteResource;
  const absPath: Rule = (v, ctx) => absolute(v, ctx, workingDir, homeDir);
  const maybeUnix: Rule = (v) => maybeUnixPath(v, workingDir, homeDir);
  const context: Rule = (v, ctx) => (typeof v === 'string' && isRemoteContext(v) ? v : absPath(v, ctx));
  const table = ruleTable([
    ['services.*.build.context', context],
    ['services.*.build.additional_contexts.*', context],
    ['services.*.build.ssh.*', maybeUnix],
    ['services.*.env_file.*.path', absPath],
    ['services.*.label_file.*', absPath],
    ['services.*.extends.file', (v, ctx) => (typeof v === 'string' && isRemote(v) ? v : absPath(v, ctx))],
    // compose-go also resolves symbolic links here; a pure phase cannot.
    ['services.*.develop.watch.*.path', absPath],
    ['services.*.volumes.*', (v, ctx) => bindSource(v, ctx, maybeUnix)],
    ['configs.*.file', maybeUnix],
    ['secrets.*.file', maybeUnix],
    // As in compose-go, these name `include` as a mapping, so items of the list never match;
    // the include phase resolves its own paths before this one runs.
    ['include.path', absPath],
    ['include.project_directory', absPath],
    ['include.env_file', absPath],
    ['volumes.*', (v, ctx) => localBindDevice(v, ctx, maybeUnix)],
  ]);
  return applyRules(model, table) as Mapping;
}

function absolute(value: unknown, ctx: RuleContext, workingDir: string, homeDir: string): unknown {
  if (Array.isArray(value)) return value.map((item) => absolute(item, ctx, workingDir, homeDir));
  if (typeof value !== 'string') {
    throw modelError('E_INVALID_TYPE', `unexpected type ${goTypeName(value)}`, ctx.path);
  }
  const p = expandUser(value, homeDir);
  if (isUnixAbs(p) || p === '') return p;
  return goJoin(workingDir, p);
}

function maybeUnixPath(value: unknown, workingDir: string, homeDir: string): unknown {
  if (typeof value !== 'string') return value;
  const p = expandUser(value, homeDir);
  return isUnixAbs(p) || isWindowsAbs(p) ? p : goJoin(workingDir, p);
}

function bindSource(value: unknown, ctx: RuleContext, maybeUnix: Rule): unknown {
  if (!isMapping(value) || value.type !== 'bind') return value;
  if (!('source' in value)) {
    throw modelError('E_INVALID_VOLUME', 'invalid mount config for type "bind": field Source must not be empty', ctx.path);
  }
  return { ...value, source: maybeUnix(value.source, ctx) };
}

/** A `local` volume with `o: bind` is a bind mount of `device`. */
function localBindDevice(value: unknown, ctx: RuleContext, maybeUnix: Rule): unknown {
  if (!isMapping(value) || value.driver !== 'local' || !isMapping(value.driver_opts)) return value ?? null;
  const opts = value.driver_opts;
  if (opts.o !== 'bind' || !('device' in opts)) return value;
  return { ...value, driver_opts: { ...opts, device: maybeUnix(opts.device, ctx) } };
}

/** A build context that is a URL, a git reference or another service/image. */
function isRemoteContext(v: string): boolean {
  return v.includes('://') || v.startsWith('service:') || REMOTE_CONTEXT_PREFIXES.some((p) => v.startsWith(p));
}

/**
 * docker compose's remote loaders: `oci://...`, and what buildkit's
 * ParseGitRef accepts (git@, git://, ssh://, github.com/, or an http(s)
 * URL, possibly without scheme, whose path ends in `.git`).
 */
export function isComposeRemoteResource(p: string): boolean {
  if (p.startsWith('oci://')) return true;
  if (p.startsWith('./') || p.startsWith('../')) return false;
  if (['git@', 'git://', 'ssh://', 'github.com/'].some((prefix) => p.startsWith(prefix))) return true;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : `https://${p}`;
  const m = /^https?:\/\/[^/#]+(\/[^#]*)$/.exec(withScheme.split('#')[0] ?? '');
  return m !== null && (m[1] ?? '').endsWith('.git');
}
