/**
 * Interpolation phase: substitutes variables in every string value of one
 * parsed compose document (never in keys), then casts the values of typed
 * fields (ports' target, privileged, cpus...) from string to number or
 * boolean, as compose-go's interpolation package with the loader's
 * interpolateTypeCastMapping does. Only values that were strings are cast: a
 * YAML number or boolean is left to schema validation.
 */
import { ComposeError } from '../errors.js';
import { setKey } from './merge-convert.js';
import { matchAt, patternTrie, stepTrie, type TrieStates } from './path-trie.js';
import { isMapping, pathString, type Mapping, type PathSegment } from './tree.js';
import { InvalidTemplateError, substitute, type Lookup, type Warn } from './template.js';
import { goParseFloat, goParseInt, goQuote } from './go-format.js';

export interface InterpolateOptions {
  lookup: Lookup;
  warn: Warn;
}

type Cast = (value: string, warn: Warn) => unknown;

const toInt: Cast = (v) => goParseInt(v, 'Atoi');
const toInt64: Cast = (v) => goParseInt(v, 'ParseInt');
const toFloat: Cast = (v) => goParseFloat(v, 64);
const toFloat32: Cast = (v) => goParseFloat(v, 32);

/** YAML 1.1 spellings are still accepted, with a warning, as compose does. */
const toBoolean: Cast = (v, warn) => {
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'y' || lower === 'yes' || lower === 'on') {
    warn(`${goQuote(v)} for boolean is not supported by YAML 1.2, please use \`true\``);
    return true;
  }
  if (lower === 'n' || lower === 'no' || lower === 'off') {
    warn(`${goQuote(v)} for boolean is not supported by YAML 1.2, please use \`false\``);
    return false;
  }
  throw new Error(`invalid boolean: ${v}`);
};

/** `*` matches any key or index, `[]` any sequence index (compose-go v2.4.8 loader/interpolate.go). */
const CASTS: ReadonlyArray<readonly [pattern: string, cast: Cast]> = [
  ['services.*.configs.[].mode', toInt],
  ['services.*.cpu_count', toInt64],
  ['services.*.cpu_percent', toFloat],
  ['services.*.cpu_period', toInt64],
  ['services.*.cpu_quota', toInt64],
  ['services.*.cpu_rt_period', toInt64],
  ['services.*.cpu_rt_runtime', toInt64],
  ['services.*.cpus', toFloat32],
  ['services.*.cpu_shares', toInt64],
  ['services.*.init', toBoolean],
  ['services.*.deploy.replicas', toInt],
  ['services.*.deploy.update_config.parallelism', toInt],
  ['services.*.deploy.update_config.max_failure_ratio', toFloat],
  ['services.*.deploy.rollback_config.parallelism', toInt],
  ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
  ['services.*.deploy.restart_policy.max_attempts', toInt],
  ['services.*.deploy.placement.max_replicas_per_node', toInt],
  ['services.*.healthcheck.retries', toInt],
  ['services.*.healthcheck.disable', toBoolean],
  ['services.*.oom_kill_disable', toBoolean],
  ['services.*.oom_score_adj', toInt64],
  ['services.*.pids_limit', toInt64],
  ['services.*.ports.[].target', toInt],
  ['services.*.privileged', toBoolean],
  ['services.*.read_only', toBoolean],
  ['services.*.scale', toInt],
  ['services.*.secrets.[].mode', toInt],
  ['services.*.stdin_open', toBoolean],
  ['services.*.tty', toBoolean],
  ['services.*.ulimits.*', toInt],
  ['services.*.ulimits.*.hard', toInt],
  ['services.*.ulimits.*.soft', toInt],
  ['services.*.volumes.[].read_only', toBoolean],
  ['services.*.volumes.[].volume.nocopy', toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv4', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

const CAST_TRIE = patternTrie(CASTS);

/** Returns a new tree; the input is not modified. */
export function interpolateTree(tree: Mapping, opts: InterpolateOptions): Mapping {
  return interpolateMapping(tree, [CAST_TRIE], [], opts);
}

/**
 * `states`: the cast patterns `path` reaches. `path` is one array pushed and
 * popped along the walk; only an error copies it.
 */
function interpolateMapping(value: Mapping, states: TrieStates<Cast>, path: PathSegment[], opts: InterpolateOptions): Mapping {
  const out: Mapping = {};
  for (const [k, v] of Object.entries(value)) {
    path.push(k);
    setKey(out, k, interpolateValue(v, stepTrie(states, k), path, opts));
    path.pop();
  }
  return out;
}

function interpolateValue(value: unknown, states: TrieStates<Cast>, path: PathSegment[], opts: InterpolateOptions): unknown {
  if (typeof value === 'string') return interpolateString(value, matchAt(states), path, opts);
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      path.push(i);
      const out = interpolateValue(item, stepTrie(states, i), path, opts);
      path.pop();
      return out;
    });
  }
  if (isMapping(value)) return interpolateMapping(value, states, path, opts);
  return value;
}

function interpolateString(value: string, cast: Cast | undefined, path: PathSegment[], opts: InterpolateOptions): unknown {
  let text: string;
  try {
    text = substitute(value, opts.lookup, opts.warn);
  } catch (err) {
    throw wrapTemplateError(err, path);
  }
  if (cast === undefined) return text;
  try {
    return cast(text, opts.warn);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ComposeError(
      'E_INTERPOLATION',
      `error while interpolating ${composePath(path)}: failed to cast to expected type: ${reason}`,
      { path: pathString(path) },
    );
  }
}

function wrapTemplateError(err: unknown, path: PathSegment[]): unknown {
  if (err instanceof InvalidTemplateError) {
    return new ComposeError(
      err.code,
      `invalid interpolation format for ${composePath(path)}.\nYou may need to escape any $ with another $.\n${err.template}`,
      { path: pathString(path) },
      { hint: err.hint, cause: err },
    );
  }
  if (err instanceof ComposeError) {
    return new ComposeError(err.code, `error while interpolating ${composePath(path)}: ${err.detail}`, { path: pathString(path) }, {
      hint: err.hint, cause: err,
    });
  }
  return err;
}

/** Compose names a sequence item `[]` in these messages (`services.web.ports.[].target`). */
function composePath(path: readonly PathSegment[]): string {
  return path.map((s) => (typeof s === 'number' ? '[]' : s)).join('.');
}
