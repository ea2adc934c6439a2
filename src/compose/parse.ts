/**
 * YAML text -> plain trees, one per document, with the position of every node
 * and the `!reset` / `!override` tags compose uses to steer merging.
 */
import {
  Alias, LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments,
  type Document, type Node as YamlNode,
} from 'yaml';
import { ComposeError } from '../errors.js';
import { pruneResetNodes } from './reset-tags.js';
import { PositionIndex, isMapping, type Mapping, type PathSegment } from './tree.js';

export type MergeTag = '!reset' | '!override';

export interface TaggedPath {
  path: PathSegment[];
  tag: MergeTag;
}

export interface ParsedDocument {
  tree: Mapping;
  positions: PositionIndex;
  tags: TaggedPath[];
}

/** Parses every document of a compose file. An empty document yields an empty mapping. */
export function parseComposeYaml(file: string, content: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(content, {
    lineCounter, merge: true, uniqueKeys: true, prettyErrors: false, intAsBigInt: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  return list.map((doc) => toParsed(file, doc, lineCounter));
}

function toParsed(file: string, doc: Document.Parsed, lc: LineCounter): ParsedDocument {
  const first = doc.errors[0];
  if (first !== undefined) {
    const { line, col } = lc.linePos(first.pos[0]);
    throw new ComposeError('E_YAML', `yaml: ${firstLine(first.message)}`, { file, line, col });
  }
  // Before toJS: `<<` merges must see the document without its `!reset` nodes, as compose's do.
  const tags = pruneResetNodes(doc);
  const tree = doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  if (tree === null || tree === undefined) {
    return { tree: {}, positions: new PositionIndex(), tags };
  }
  if (!isMapping(tree)) {
    const pos = doc.contents === null ? { line: 1, col: 1 } : lc.linePos(doc.contents.range[0]);
    throw new ComposeError('E_TOP_LEVEL', 'Top-level object must be a mapping', { file, ...pos });
  }
  const positions = new PositionIndex();
  walk(doc, doc.contents, [], { file, lc, positions, seen: new Set() });
  return { tree: normalizeKeys(tree, file, positions, []), positions, tags };
}

interface WalkState {
  file: string;
  lc: LineCounter;
  positions: PositionIndex;
  seen: Set<YamlNode>;
}

function walk(doc: Document.Parsed, node: unknown, path: PathSegment[], st: WalkState): void {
  if (isAlias(node)) {
    const target = (node as Alias).resolve(doc);
    // An alias cycle cannot happen in valid YAML, but a deep anchor chain can repeat work.
    if (target === undefined || st.seen.has(target)) return;
    st.seen.add(target);
    walk(doc, target, path, st);
    st.seen.delete(target);
    return;
  }
  const yn = node as YamlNode | null;
  if (yn === null || typeof yn !== 'object' || !('range' in yn) || yn.range == null) return;
  const { line, col } = st.lc.linePos(yn.range[0]);
  st.positions.set(path, { file: st.file, line, col });
  if (isMap(yn)) {
    for (const pair of yn.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key === '<<') continue;
      const keyNode = pair.key as YamlNode | null;
      if (keyNode !== null && isScalar(keyNode) && keyNode.range != null) {
        st.positions.set([...path, key], { file: st.file, ...st.lc.linePos(keyNode.range[0]) });
      }
      if (pair.value !== null) walkValue(doc, pair.value, [...path, key], st);
    }
  } else if (isSeq(yn)) {
    yn.items.forEach((item, i) => walk(doc, item, [...path, i], st));
  }
}

/** The key position is the better anchor for a message about a mapping entry, so keep it. */
function walkValue(doc: Document.Parsed, node: unknown, path: PathSegment[], st: WalkState): void {
  const keyPos = st.positions.lookup(path);
  walk(doc, node, path, st);
  if (keyPos !== undefined) st.positions.set(path, keyPos);
}

/**
 * compose-go requires string keys; YAML allows `1: x` or `true: y`. Go's
 * decoder stringifies numeric keys and rejects the others.
 */
function normalizeKeys(v: unknown, file: string, positions: PositionIndex, path: PathSegment[]): Mapping {
  return normalizeValue(v, file, positions, path) as Mapping;
}

function normalizeValue(v: unknown, file: string, positions: PositionIndex, path: PathSegment[]): unknown {
  if (Array.isArray(v)) return v.map((x, i) => normalizeValue(x, file, positions, [...path, i]));
  if (v instanceof Map) {
    const out: Mapping = {};
    for (const [k, val] of v) out[String(k)] = normalizeValue(val, file, positions, [...path, String(k)]);
    return out;
  }
  if (isMapping(v) && !(v instanceof Date)) {
    const out: Mapping = {};
    for (const [k, val] of Object.entries(v)) out[k] = normalizeValue(val, file, positions, [...path, k]);
    return out;
  }
  if (v instanceof Date) return v.toISOString();
  return v;
}

function firstLine(msg: string): string {
  return (msg.split('\n')[0] ?? msg).replace(/ at line \d+, column \d+:?$/, '');
}
