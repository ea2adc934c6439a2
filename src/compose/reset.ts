/**
 * The `!reset` and `!override` YAML tags, as compose-go v2.4.8 handles them
 * (loader/reset.go), in two steps:
 *
 * 1. While a document is parsed (reset-tags.ts), a `!reset` node is cut out
 *    of it and an `!override` node stays; both record their path.
 * 2. Before the document is merged, every recorded path is deleted from what
 *    it merges into (the model of the earlier documents and files, or the
 *    base of an `extends`), so the document's value, or nothing, wins.
 *    As in compose, only mapping keys are deleted there: a path through a
 *    sequence never matches.
 */
import type { ParsedDocument } from './parse.js';
import { isMapping, type Mapping, type PathSegment } from './tree.js';

export type ResetPath = readonly PathSegment[];

/** The paths step 2 clears, from the tags step 1 recorded. */
export function resetPaths(doc: ParsedDocument): ResetPath[] {
  return doc.tags.map((t) => t.path);
}

/** Step 2: `target` without the mapping keys at `paths` (a copy; `target` is not modified). */
export function applyResets(target: Mapping, paths: readonly ResetPath[]): Mapping {
  let out = target;
  for (const path of paths) out = deleteKey(out, path.map(String)) as Mapping;
  return out;
}

/** compose matches recorded paths segment by segment, a recorded `*` matching any key. */
function deleteKey(node: unknown, parts: readonly string[]): unknown {
  const [head, ...rest] = parts;
  if (head === undefined || !isMapping(node)) return node;
  const keys = head === '*' ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
  if (keys.length === 0) return node;
  const out: Mapping = { ...node };
  for (const k of keys) {
    if (rest.length === 0) delete out[k];
    else out[k] = deleteKey(out[k], rest);
  }
  return out;
}
