/**
 * The YAML-level half of `!reset` / `!override` (compose-go v2.4.8
 * loader/reset.go `resolveReset`), run on the parsed YAML nodes before they
 * become a tree: a `!reset` node is cut out of the document, an `!override`
 * node stays, and both record their path.
 *
 * It must run on the nodes, not on the tree, because compose does: a `!reset`
 * key next to a `<<` merge lets the merged value show through, and a `!reset`
 * inside an anchor removes the value from every place the anchor is merged
 * into. Below a tagged node nothing more is looked at. Keys merged in with
 * `<<` are recorded at the mapping that merges them, as compose records them.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { MergeTag, TaggedPath } from './parse.js';
import type { PathSegment } from './tree.js';

/** Cuts the `!reset` nodes out of `doc` (which it modifies) and returns every tag's path, in document order. */
export function pruneResetNodes(doc: Document.Parsed): TaggedPath[] {
  const tags: TaggedPath[] = [];
  const inProgress = new Set<unknown>();
  const keep = (node: unknown, path: PathSegment[]): boolean => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      // An alias inside its own anchor would recurse forever; the YAML decoder reports it later.
      if (target === undefined || inProgress.has(target)) return true;
      inProgress.add(target);
      const kept = keep(target, path);
      inProgress.delete(target);
      return kept;
    }
    if (node === null || typeof node !== 'object') return true;
    const tag = (node as YamlNode).tag;
    if (tag === '!reset' || tag === '!override') {
      tags.push({ path, tag: tag as MergeTag });
      return tag === '!override';
    }
    if (isSeq(node)) node.items = node.items.filter((item, i) => keep(item, [...path, i]));
    if (isMap(node)) {
      node.items = node.items.filter((pair) => {
        const key = keyName(pair.key);
        return pair.value === null || keep(pair.value, key === '<<' ? path : [...path, key]);
      });
    }
    return true;
  };
  if (!keep(doc.contents, [])) doc.contents = null;
  return tags;
}

/** The yaml package reads the `<<` merge key as a symbol. */
function keyName(key: unknown): string {
  const value = isScalar(key) ? key.value : key;
  return typeof value === 'symbol' ? (value.description ?? '') : String(value);
}
