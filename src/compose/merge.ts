/**
 * Merging compose trees as compose-go v2.4.8 does (override/merge.go and
 * override/extends.go), for override files, documents, includes and
 * `extends`: mappings merge key by key, sequences append, scalars and `x-*`
 * keys are replaced, and the keys in MERGE_RULES follow their own rules.
 *
 * Merging works on the raw trees: the model merged so far is already in
 * canonical (long) syntax while the override is still as written, so short
 * and long forms meet here and are only reconciled by the unicity pass that
 * follows (unicity.ts).
 */
import { ComposeError } from '../errors.js';
import { ShapeError, cloneTree, setKey } from './merge-convert.js';
import { MERGE_RULES, type GoPath, type MergeOps, type Merger } from './merge-rules.js';
import { isMapping, type Mapping } from './tree.js';

const RULES: ReadonlyArray<readonly [string[], Merger]> = MERGE_RULES.map(([pattern, merger]) => [pattern.split('.'), merger]);

/**
 * compose-go override.Merge: `override` merged over `base`. Neither input is
 * modified. Merged into nothing (the first document), the result is the
 * override itself: with no base value no rule runs, and the merge would only
 * copy it key by key. Trees are never modified once built, so sharing is safe.
 */
export function mergeModels(base: Mapping, override: Mapping): Mapping {
  if (Object.keys(base).length === 0) return override;
  const merger = new TreeMerger((path) => path.join('.'));
  return merger.mappings(cloneMapping(base), cloneMapping(override), []) ?? {};
}

/**
 * compose-go override.ExtendService: the extending service merged over its
 * base with the service rules. compose names the service `x` in its messages
 * (`cannot override services.x.ports`); `name`, when given, is the real one,
 * used for the error's path.
 */
export function mergeService(base: Mapping, override: Mapping, name?: string): Mapping {
  const merger = new TreeMerger((path) => (name === undefined ? undefined : ['services', name, ...path.slice(2)].join('.')));
  const merged = merger.value(cloneMapping(base), cloneMapping(override), ['services', 'x']);
  return isMapping(merged) ? merged : {};
}

function cloneMapping(tree: Mapping): Mapping {
  return cloneTree(tree) as Mapping;
}

class TreeMerger implements MergeOps {
  constructor(private readonly locate: (path: GoPath) => string | undefined) {}

  value(base: unknown, over: unknown, path: GoPath): unknown {
    const rule = ruleFor(path);
    if (rule !== undefined) return this.applyRule(rule, base, over, path);
    if (over === null || over === undefined) return base;
    if (isMapping(base)) {
      if (!isMapping(over)) this.fail(path);
      return this.mappings(base, over, path);
    }
    if (Array.isArray(base)) {
      if (!Array.isArray(over)) this.fail(path);
      return [...(base as unknown[]), ...over];
    }
    return over;
  }

  mappings(base: Mapping | null, over: Mapping | null, path: GoPath): Mapping | null {
    if (over === null || Object.keys(over).length === 0) return base;
    if (base === null) this.fail(path);
    for (const [key, value] of Object.entries(over)) {
      if (!Object.hasOwn(base, key) || key.startsWith('x-')) {
        setKey(base, key, value);
      } else {
        setKey(base, key, this.value(base[key], value, next(path, key)));
      }
    }
    return base;
  }

  fail(path: GoPath): never {
    const where = this.locate(path);
    throw new ComposeError('E_MERGE', `cannot override ${path.join('.')}`, where === undefined ? {} : { path: where });
  }

  private applyRule(rule: Merger, base: unknown, over: unknown, path: GoPath): unknown {
    try {
      return rule(base, over, path, this);
    } catch (err) {
      if (err instanceof ShapeError) this.fail(path);
      throw err;
    }
  }
}

/** compose-go's Path.Next: a top-level key is not escaped, so its dots still split it into parts. */
function next(path: GoPath, key: string): GoPath {
  return path.length === 0 ? key.split('.') : [...path, key];
}

function ruleFor(path: GoPath): Merger | undefined {
  return RULES.find(([parts]) => matches(path, parts))?.[1];
}

export function matches(path: GoPath, pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === path[i]);
}
