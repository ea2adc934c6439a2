/**
 * YAML text -> plain trees, one per document, with the position of every node
 * and the `!reset` / `!override` tags compose uses to steer merging.
 */
import {
  Alias, LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments,
  type Document, type Node as YamlNode, type ScalarTag, type Tags,
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

/**
 * Go's yaml.v3 reads a plain integer with strconv.ParseInt(s, 0, 64) after
 * dropping underscores, so `0440` is octal (288) and `1_000` is 1000, where
 * YAML 1.2's core schema says 440 and a string. File modes depend on it.
 */
const GO_INT: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?(?:0[0-7_]*|0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|[1-9][0-9_]*)$/,
  resolve: (src: string) => goParseInt(src),
};

function goParseInt(src: string): number {
  const sign = src.startsWith('-') ? -1 : 1;
  const body = src.replace(/^[-+]/, '').replace(/_/g, '');
  if (/^0[bB]/.test(body)) return sign * parseInt(body.slice(2), 2);
  if (/^0[oO]/.test(body)) return sign * parseInt(body.slice(2), 8);
  if (/^0[xX]/.test(body)) return sign * parseInt(body.slice(2), 16);
  if (/^0[0-7]+$/.test(body)) return sign * parseInt(body.slice(1), 8);
  return sign * parseInt(body, 10);
}

/** Parses every document of a compose file. An empty document yields an empty mapping. */
export function parseComposeYaml(file: string, content: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(content, {
    lineCounter, merge: true, uniqueKeys: true, prettyErrors: false, intAsBigInt: false,
    customTags: (tags: Tags) => [GO_INT, ...tags],
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
  const tree = toJs(file, doc, lc);
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

/** The yaml library throws plain errors for bad aliases and merge keys; they are the user's YAML errors. */
function toJs(file: string, doc: Document.Parsed, lc: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  } catch (e) {
    const pos = doc.contents === null ? { line: 1, col: 1 } : lc.linePos(doc.contents.range[0]);
    throw new ComposeError('E_YAML', `yaml: ${firstLine((e as Error).message)}`, { file, ...pos });
  }
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
  return normalizeValue(v, { file, positions, open: new Set() }, path) as Mapping;
}

interface NormalizeState {
  file: string;
  positions: PositionIndex;
  /** Containers being copied: meeting one again means an anchor contains itself. */
  open: Set<object>;
}

function normalizeValue(v: unknown, st: NormalizeState, path: PathSegment[]): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'object' || v === null) return v;
  if (st.open.has(v)) {
    const pos = st.positions.lookup(path);
    throw new ComposeError('E_YAML', 'yaml: anchor value contains itself', { file: st.file, line: pos?.line, col: pos?.col, path: path.join('.') });
  }
  st.open.add(v);
  const entries: Array<[PathSegment, unknown]> = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : v instanceof Map ? [...v].map(([k, x]) => [String(k), x]) : Object.entries(v);
  const out: unknown = Array.isArray(v)
    ? entries.map(([k, x]) => normalizeValue(x, st, [...path, k]))
    : Object.fromEntries(entries.map(([k, x]) => [k, normalizeValue(x, st, [...path, k])]));
  st.open.delete(v);
  return out;
}

function firstLine(msg: string): string {
  return (msg.split('\n')[0] ?? msg).replace(/ at line \d+, column \d+:?$/, '');
}
