/**
 * From the compose model's `develop.watch` to the watcher's rules, with
 * docker compose's checks and words: rebuild needs `build:`, sync+exec a
 * command, the sync actions a target; a sync path under a bind mount is not
 * watched (the container sees the host's files already). Each rule ignores
 * what the build context's .dockerignore excludes (the Dockerfile's own
 * `<Dockerfile>.dockerignore` first), the editors' temporary files, `.git`,
 * and its own `ignore:` patterns, relative to its path. `initial_sync` and
 * `include` are taken when the model has them; compose-go 2.4.8's schema,
 * the one docker compose 2.26.1 validates with, only lets the older
 * `x-initialSync` through.
 */
import { posix } from 'node:path';
import { readIgnoreFile } from '../build/ignore/ignore-file.js';
import { shellSplit } from '../compose/output/go-values.js';
import type { LoadedProject } from '../compose/types.js';
import { isMapping, type Mapping } from '../compose/tree.js';
import { TscomposeError } from '../errors.js';
import { EPHEMERAL_PATTERNS, anyOf, isChild, patternTest } from '../watch/match.js';
import { WatchConfigError } from '../watch/errors.js';
import { WATCH_ACTIONS, type ExecHook, type PathTest, type WatchAction, type WatchRule } from '../watch/types.js';

export interface WatchRulesInput {
  project: LoadedProject;
  /** Services asked for; empty: all. */
  services: readonly string[];
  /** A file's text, or undefined when it does not exist. */
  readFile: (path: string) => string | undefined;
  warn: (message: string) => void;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function patterns(base: string, list: readonly string[], where: string): PathTest {
  try {
    return patternTest(base, list);
  } catch (e) {
    if (e instanceof TscomposeError) throw new WatchConfigError(`${where}: ${e.message}`);
    throw e;
  }
}

function dockerIgnore(build: Mapping, readFile: WatchRulesInput['readFile'], service: string): PathTest {
  const context = typeof build.context === 'string' ? build.context : '';
  if (context === '' || context.includes('://')) return () => false;
  const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  for (const file of [posix.resolve(context, `${dockerfile}.dockerignore`), posix.join(context, '.dockerignore')]) {
    const text = readFile(file);
    if (text !== undefined) return patterns(context, readIgnoreFile(text), `service ${service}: ${file}`);
  }
  return () => false;
}

function execHook(v: unknown): ExecHook | undefined {
  if (!isMapping(v)) return undefined;
  // A string command is split into words, as compose-go decodes a ShellCommand (no shell).
  const command = typeof v.command === 'string' ? shellSplit(v.command) : strings(v.command);
  if (command.length === 0) return undefined;
  const env = v.environment;
  const environment = isMapping(env) ? Object.entries(env).map(([k, x]) => (x === null ? k : `${k}=${String(x)}`)) : strings(env);
  return {
    command,
    ...(typeof v.user === 'string' ? { user: v.user } : {}),
    ...(v.privileged === true ? { privileged: true } : {}),
    ...(typeof v.working_dir === 'string' ? { workingDir: v.working_dir } : {}),
    ...(environment.length > 0 ? { environment } : {}),
  };
}

function bindSources(svc: Mapping): string[] {
  const vols = Array.isArray(svc.volumes) ? svc.volumes : [];
  return vols.flatMap((v) => (isMapping(v) && v.type === 'bind' && typeof v.source === 'string' ? [v.source] : []));
}

function ruleOf(name: string, svc: Mapping, t: Mapping, common: PathTest): WatchRule {
  const action = t.action as WatchAction;
  const path = posix.normalize(String(t.path));
  const hasBuild = isMapping(svc.build);
  if (!WATCH_ACTIONS.includes(action)) throw new WatchConfigError(`service ${name}: unknown watch action ${JSON.stringify(t.action)}`);
  if (action === 'rebuild' && !hasBuild) throw new WatchConfigError(`can't watch service "${name}" with action rebuild without a build context`, { hint: 'add a build: section or use a sync action' });
  const exec = execHook(t.exec);
  if (action === 'sync+exec' && exec === undefined) throw new WatchConfigError(`can't watch with action "sync+exec" on service ${name} without a command`, { hint: 'set exec.command on the rule' });
  const target = typeof t.target === 'string' ? t.target : '';
  if (action.startsWith('sync') && target === '') throw new WatchConfigError(`services.${name}.develop.watch: target is required for ${action} (path ${path})`);
  const include = strings(t.include);
  return {
    service: name,
    action,
    path,
    target: action.startsWith('sync') ? posix.resolve('/', target) : '',
    ignored: anyOf([common, patterns(path, strings(t.ignore), `service ${name}: ignore of ${path}`)]),
    ...(include.length > 0 ? { included: patterns(path, include, `service ${name}: include of ${path}`) } : {}),
    ...(exec === undefined ? {} : { exec }),
    initialSync: t.initial_sync === true || t['x-initialSync'] === true,
  };
}

/** The rules of the selected services; an error when none of them has any. */
export function watchRules(input: WatchRulesInput): WatchRule[] {
  const services = isMapping(input.project.model.services) ? input.project.model.services : {};
  for (const s of input.services) if (!isMapping(services[s])) throw new WatchConfigError(`no such service: ${s}`);
  const rules: WatchRule[] = [];
  for (const [name, svc] of Object.entries(services).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isMapping(svc) || (input.services.length > 0 && !input.services.includes(name))) continue;
    const watch = isMapping(svc.develop) && Array.isArray(svc.develop.watch) ? svc.develop.watch : [];
    if (watch.length === 0) continue;
    const common = anyOf([
      isMapping(svc.build) ? dockerIgnore(svc.build, input.readFile, name) : () => false,
      patternTest('/', EPHEMERAL_PATTERNS),
    ]);
    const binds = bindSources(svc);
    for (const t of watch) {
      if (!isMapping(t)) continue;
      const rule = ruleOf(name, svc, t, common);
      if (rule.action.startsWith('sync') && binds.some((b) => isChild(b, rule.path))) {
        input.warn(`path '${rule.path}' also declared by a bind mount volume, this path won't be monitored!`);
        continue;
      }
      rules.push(rule);
    }
  }
  if (rules.length === 0) throw new WatchConfigError("none of the selected services is configured for watch, consider setting a 'develop' section");
  return rules;
}
