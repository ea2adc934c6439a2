/**
 * YAML text -> plain trees, one per document, with the position of every node
 * and the `!reset` / `!override` tags compose uses to steer merging.
 */
import {
  Alias, LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments,
  visit, type Document, type Scalar, type Node as YamlNode, type YAMLError,
} from 'yaml';
import { ComposeError } from '../errors.js';
import { checkAliases, checkCollectionKeys } from './yaml-checks.js';
import { pruneResetNodes } from './reset-tags.js';
import { PositionIndex, isMapping, type Mapping, type PathSegment } from './tree.js';
import { parseJsonCompose } from './json-common.js';
import { parseCommonYaml } from './yaml-common.js';
import { composeTags } from './yaml-scalars.js';

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
 * Parses every document of a compose file. An empty document yields an empty
 * mapping. A file in the common subset of YAML takes the fast reader
 * (yaml-common.ts), a JSON file JSON.parse (json-common.ts), each giving the
 * same documents; the rest the yaml package.
 */
export function parseComposeYaml(file: string, content: string): ParsedDocument[] {
  const common = parseCommonYaml(file, content) ?? parseJsonCompose(content, () => new Map(parseWithYamlPackage(file, content)[0]?.positions.entries()));
  return common === undefined ? parseWithYamlPackage(file, content) : [common];
}

/** The full YAML 1.2 reader: any document, and the errors, worded as compose users know them. */
export function parseWithYamlPackage(file: string, content: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(content, {
    lineCounter, merge: true, uniqueKeys: true, prettyErrors: false, intAsBigInt: false,
    customTags: composeTags,
  });
  const list = Array.isArray(docs) ? docs : [];
  return list.map((doc) => toParsed(file, doc, lineCounter, content));
}

function toParsed(file: string, doc: Document.Parsed, lc: LineCounter, content: string): ParsedDocument {
  const first = doc.errors[0];
  if (first !== undefined) throw yamlSyntaxError(file, first, lc, content);
  checkAliases(file, doc, lc);
  checkCollectionKeys(file, doc, lc);
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

/**
 * Words the yaml library's errors the way compose users know them from
 * yaml.v3, and points an unclosed bracket or quote at where it opened.
 */
function yamlSyntaxError(file: string, err: YAMLError, lc: LineCounter, content: string): ComposeError {
  let at = err.pos[0];
  let message = firstLine(err.message);
  if (err.code === 'DUPLICATE_KEY') {
    const key = (/^("[^"]*"|'[^']*'|[^:\n]*)/.exec(content.slice(err.pos[0]))?.[1] ?? '').trim().replace(/^["']|["']$/g, '');
    message = `mapping key "${key}" already defined`;
  } else if (/closing|end with a|sufficiently indented|Missing/.test(message)) {
    at = unclosedOpener(content, err.pos[0]) ?? at;
    message = `${message} (opened here)`;
  }
  return new ComposeError('E_YAML', `yaml: ${message}`, { file, ...lc.linePos(at) });
}

/** Offset of the last bracket or quote still open before `end`, ignoring comments. */
function unclosedOpener(content: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  let quoteAt = -1;
  for (let i = 0; i < end && i < content.length; i++) {
    const c = content[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      const prev = content[i - 1];
      if (prev === undefined || /[\s\[{,:]/.test(prev)) [quote, quoteAt] = [c, i];
    } else if (c === '#' && (i === 0 || /\s/.test(content[i - 1]!))) {
      while (i < end && content[i] !== '\n') i++;
    } else if (c === '[' || c === '{') open.push(i);
    else if ((c === ']' || c === '}') && open.length > 0) open.pop();
  }
  return quote !== undefined ? quoteAt : open.at(-1);
}

/** The yaml library throws plain errors for bad aliases and merge keys; they are the user's YAML errors. */
function toJs(file: string, doc: Document.Parsed, lc: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  } catch (e) {
    const merge = badMergeKey(doc);
    const message = merge === undefined ? firstLine((e as Error).message) : 'map merge requires map or sequence of maps as the value';
    throw new ComposeError('E_YAML', `yaml: ${message}`, { file, ...lc.linePos(merge ?? doc.contents?.range[0] ?? 0) });
  }
}

/** With `merge: true` the yaml package gives a merge key a symbol value; its source text is still `<<`. */
function isMergeKey(key: unknown): key is Scalar {
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<') && key.source === '<<';
}

/** Offset of the first `<<` whose value is not a mapping (nor an alias of one, nor a list of those). */
function badMergeKey(doc: Document.Parsed): number | undefined {
  const isMapSource = (n: unknown): boolean => isMap(isAlias(n) ? n.resolve(doc) : n);
  let at: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isMergeKey(pair.key)) return undefined;
      const v = pair.value;
      const ok = isSeq(v) ? v.items.every(isMapSource) : isMapSource(v);
      if (ok) return undefined;
      at = pair.key.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
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
      if (isMergeKey(pair.key)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
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
    throw new ComposeError('E_YAML', 'yaml: cycle detected: the value of an anchor contains an alias to itself', { file: st.file, line: pos?.line, col: pos?.col, path: path.join('.') });
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
