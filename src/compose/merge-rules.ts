/**
 * The keys compose-go v2.4.8 does not merge generically (override/merge.go
 * `mergeSpecials`), keyed by path pattern. Each rule gets both values as they
 * stand in the trees (short or long syntax, possibly null) and returns the
 * merged value; like compose's, the rules may reuse and mutate the base value,
 * which the caller has copied for them.
 */
import { appendSeq, convertIntoMapping, convertIntoSequence } from './merge-convert.js';
import { isMapping, type Mapping } from './tree.js';

/** A path as compose-go builds it while merging: map keys only, never list indexes. */
export type GoPath = readonly string[];

/** What rules need from the merge that calls them. */
export interface MergeOps {
  /**
   * Merges `over` into `base` in place and returns `base`. A nil `base` stays
   * nil when there is nothing to merge and fails otherwise, as writing into a
   * nil Go map does.
   */
  mappings(base: Mapping | null, over: Mapping | null, path: GoPath): Mapping | null;
  /** compose-go panics here (a failed type assertion); we report it as a merge error instead. */
  fail(path: GoPath): never;
}

export type Merger = (base: unknown, over: unknown, path: GoPath, ops: MergeOps) => unknown;

const replace: Merger = (_base, over) => over;

const toSequence: Merger = (base, over) => appendSeq(convertIntoSequence(base), convertIntoSequence(over));

/** Like toSequence, but an override entry already in the base (same text) is dropped. */
const extraHosts: Merger = (base, over) => {
  const right = convertIntoSequence(base);
  const left = convertIntoSequence(over);
  const fresh = left?.filter((v) => !(right ?? []).some((r) => goEquals(r, v))) ?? null;
  return appendSeq(right, fresh);
};

/** Options merge only when both sides name the same driver, or one names none; otherwise the override wins whole. */
const logging: Merger = (base, over, path, ops) => {
  if (!isMapping(base) || !isMapping(over)) return ops.fail(path);
  const same = goEquals(over.driver, base.driver);
  if (same || !Object.hasOwn(over, 'driver') || !Object.hasOwn(base, 'driver')) return ops.mappings(base, over, path);
  return over;
};

/** `build: ./dir` is `{context: ./dir}`; the two forms then merge as mappings. */
const build: Merger = (base, over, path, ops) => ops.mappings(toBuild(base), toBuild(over), path);

function toBuild(value: unknown): Mapping | null {
  if (typeof value === 'string') return { context: value };
  return isMapping(value) ? value : null;
}

/** A list entry means `{condition: service_started, required: true}`, so an override list resets those fields. */
const dependsOn: Merger = (base, over, path, ops) => {
  const defaults = { condition: 'service_started', required: true };
  return ops.mappings(convertIntoMapping(base, defaults), convertIntoMapping(over, defaults), path);
};

const networks: Merger = (base, over, path, ops) =>
  ops.mappings(convertIntoMapping(base, null), convertIntoMapping(over, null), path);

/**
 * compose-go merges the override with itself here, so a ulimit is always
 * replaced whole (`nofile: {soft: 1}` drops the base's `hard`).
 */
const ulimit: Merger = (_base, over, path, ops) => {
  if (isMapping(over)) return ops.mappings(over, over, path);
  return over;
};

export const MERGE_RULES: ReadonlyArray<readonly [pattern: string, merger: Merger]> = [
  ['networks.*.ipam.config', ipamConfig],
  ['networks.*.labels', toSequence],
  ['volumes.*.labels', toSequence],
  ['services.*.annotations', toSequence],
  ['services.*.build', build],
  ['services.*.build.args', toSequence],
  ['services.*.build.additional_contexts', toSequence],
  ['services.*.build.extra_hosts', extraHosts],
  ['services.*.build.labels', toSequence],
  ['services.*.command', replace],
  ['services.*.depends_on', dependsOn],
  ['services.*.deploy.labels', toSequence],
  ['services.*.dns', toSequence],
  ['services.*.dns_opt', toSequence],
  ['services.*.dns_search', toSequence],
  ['services.*.entrypoint', replace],
  ['services.*.env_file', toSequence],
  ['services.*.label_file', toSequence],
  ['services.*.environment', toSequence],
  ['services.*.extra_hosts', extraHosts],
  ['services.*.healthcheck.test', replace],
  ['services.*.labels', toSequence],
  ['services.*.logging', logging],
  ['services.*.networks', networks],
  ['services.*.sysctls', toSequence],
  ['services.*.tmpfs', toSequence],
  ['services.*.ulimits.*', ulimit],
];

/**
 * IPAM pools merge by subnet, with compose-go's exact (and odd) walk: every
 * base pool is matched against every override pool; an override pool whose
 * subnet is new is added as is, base pools no override names are dropped, and
 * a base pool merged with an override of another, already listed subnet takes
 * that subnet and replaces the listed pool. The base pool is merged in place,
 * so a pool listed earlier changes with it; the binary prints exactly that.
 */
function ipamConfig(base: unknown, over: unknown, path: GoPath, ops: MergeOps): unknown {
  if (!Array.isArray(base)) ops.fail(path);
  let pools: (Mapping | null)[] | null = null;
  for (const original of base) {
    const right = convertIntoMapping(original, null);
    if (!Array.isArray(over)) ops.fail(path);
    for (const candidate of over) {
      const left = convertIntoMapping(candidate, null);
      const listed = (subnet: unknown): number => (pools ?? []).findIndex((p) => goEquals(subnetOf(p), subnet));
      if (!goEquals(subnetOf(left), subnetOf(right)) && listed(subnetOf(left)) < 0) {
        pools = [...(pools ?? []), left];
        continue;
      }
      const merged = ops.mappings(right, left, path);
      const at = listed(subnetOf(merged));
      if (at >= 0) pools = (pools ?? []).map((p, i) => (i === at ? merged : p));
      else pools = [...(pools ?? []), merged];
    }
  }
  return pools;
}

function subnetOf(pool: Mapping | null): unknown {
  return pool === null ? null : pool.subnet;
}

/** Go's `==` on two decoded values; nil equals nil, and maps or lists never equal anything. */
function goEquals(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (typeof x === 'object' && x !== null) return false;
  return x === y;
}
