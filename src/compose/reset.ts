/**
 * The `!reset` and `!override` YAML tags, as compose-go v2.4.8 handles them
 * (loader/reset.go), in two steps:
 *
 * 1. While a document is read, a `!reset` node is dropped from that document
 *    (a sequence item goes, the items after it move up) and an `!override`
 *    node stays. Both record their path. A tag below a tagged node is not
 *    looked at: compose stops descending at the first tag.
 * 2. Before the document is merged, every recorded path is deleted from what
 *    it merges into (the model of the earlier documents and files, or the
 *    base of an `extends`), so the document's value, or nothing, wins.
 *    As in compose, only mapping keys are deleted there: a path through a
 *    sequence never matches.
 */
import type { ParsedDocument, TaggedPath } from './parse.js';
import { PositionIndex, isMapping, type Mapping, type PathSegment } from './tree.js';

export type ResetPath = readonly PathSegment[];

export interface StrippedDocument {
  tree: Mapping;
  positions: PositionIndex;
  /** Paths of `!reset` and `!override` nodes, to delete from what the document merges into. */
  resets: ResetPath[];
}

/** Step 1: the document without its `!reset` nodes, positions moved with the sequence items that moved up. */
export function stripResetNodes(doc: ParsedDocument): StrippedDocument {
  const tags = outermostTags(doc.tags);
  const dropped = new Set(tags.filter((t) => t.tag === '!reset').map((t) => key(t.path)));
  const resets = tags.map((t) => t.path);
  if (dropped.size === 0) return { tree: doc.tree, positions: doc.positions, resets };
  if (dropped.has(key([]))) return { tree: {}, positions: new PositionIndex(), resets };
  const tree = without(doc.tree, [], dropped) as Mapping;
  return { tree, positions: movedPositions(doc, dropped), resets };
}

/** Step 2: `target` without the mapping keys at `paths` (a copy; `target` is not modified). */
export function applyResets(target: Mapping, paths: readonly ResetPath[]): Mapping {
  let out = target;
  for (const path of paths) out = deleteKey(out, path.map(String)) as Mapping;
  return out;
}

function outermostTags(tags: readonly TaggedPath[]): TaggedPath[] {
  const keys = new Set(tags.map((t) => key(t.path)));
  return tags.filter((t) => !t.path.some((_, i) => keys.has(key(t.path.slice(0, i)))));
}

function key(path: ResetPath): string {
  return JSON.stringify(path.map(String));
}

function without(value: unknown, path: PathSegment[], dropped: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    value.forEach((item, i) => {
      const p = [...path, i];
      if (!dropped.has(key(p))) items.push(without(item, p, dropped));
    });
    return items;
  }
  if (!isMapping(value)) return value;
  const out: Mapping = {};
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k];
    if (!dropped.has(key(p))) out[k] = without(v, p, dropped);
  }
  return out;
}

/**
 * Index keys are dotted paths; walking them against the original tree tells
 * which segments are sequence indexes, and how far each item moved up.
 */
function movedPositions(doc: ParsedDocument, dropped: ReadonlySet<string>): PositionIndex {
  const out = new PositionIndex();
  for (const [dotted, pos] of doc.positions.entries()) {
    const moved = dotted === '' ? [] : movedPath(doc.tree, dotted.split('.'), dropped);
    if (moved !== undefined) out.set(moved, pos);
  }
  return out;
}

function movedPath(tree: Mapping, parts: readonly string[], dropped: ReadonlySet<string>): PathSegment[] | undefined {
  const original: PathSegment[] = [];
  const moved: PathSegment[] = [];
  let node: unknown = tree;
  for (const part of parts) {
    if (Array.isArray(node) && /^\d+$/.test(part)) {
      const index = Number(part);
      const gone = Array.from({ length: index }, (_, i) => [...original, i]).filter((p) => dropped.has(key(p))).length;
      original.push(index);
      moved.push(index - gone);
      node = node[index];
    } else {
      original.push(part);
      moved.push(part);
      node = isMapping(node) ? node[part] : undefined;
    }
    if (dropped.has(key(original))) return undefined;
  }
  return moved;
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
