/**
 * The s-expression dump of a syntax tree, in the format of BuildKit's
 * `Node.Dump` (`(copy ["--from=build"] "a" "/b")`), one instruction a line.
 * Tests compare it with what the reference parser prints.
 */
import { goQuote, goQuoteList } from '../go-quote.js';
import type { Node } from './node.js';

export function dumpNode(node: Node): string {
  let out = node.keyword.toLowerCase();
  if (node.flags.length > 0) out += ` ${goQuoteList(node.flags)}`;
  if (node.trigger !== undefined) return `${out} (${dumpNode(node.trigger)})`;
  for (const arg of node.args) out += ` ${goQuote(arg)}`;
  return out.trim();
}

export function dumpNodes(nodes: readonly Node[]): string {
  return nodes.map((n) => `(${dumpNode(n)})\n`).join('');
}
