/**
 * Checks on the parsed YAML nodes before they become a tree, for inputs the
 * yaml package would otherwise accept silently or fail on with its own words:
 * compose users get yaml.v3's messages, at the node.
 */
import { isMap, isSeq, visit, type Document, type LineCounter } from 'yaml';
import { ComposeError } from '../errors.js';

/** An alias to an anchor that does not exist: yaml.v3's wording, at the alias. */
export function checkAliases(file: string, doc: Document.Parsed, lc: LineCounter): void {
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        const pos = node.range == null ? { line: 1, col: 1 } : lc.linePos(node.range[0]);
        throw new ComposeError('E_YAML', `yaml: unknown anchor '${node.source}' referenced`, { file, ...pos });
      }
    },
  });
}

/**
 * A mapping or sequence as a key (`{a: 1}: x`): compose decodes keys into
 * strings and stops there with yaml.v3's words; the yaml package would
 * stringify the key instead (and run any `<<` inside it).
 */
export function checkCollectionKeys(file: string, doc: Document.Parsed, lc: LineCounter): void {
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (!isMap(key) && !isSeq(key)) return;
      const pos = key.range == null ? { line: 1, col: 1 } : lc.linePos(key.range[0]);
      const kind = isMap(key) ? '!!map' : '!!seq';
      throw new ComposeError('E_YAML', `yaml: unmarshal errors: line ${pos.line}: cannot unmarshal ${kind} into string`, { file, ...pos });
    },
  });
}
