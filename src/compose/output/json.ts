/** encoding/json's output: MarshalIndent with two spaces (or compact), HTML-safe escaping. */
import { formatFloat32 } from './go-values.js';
import { Float32, type GoNode } from './decode.js';

export function toGoJson(node: GoNode, indent: boolean): string {
  return write(node, indent ? '\n' : '', indent);
}

function write(node: GoNode, nl: string, indent: boolean): string {
  if (node === null) return 'null';
  if (typeof node === 'boolean') return String(node);
  if (typeof node === 'number') return goNumber(node);
  if (typeof node === 'bigint') return node.toString();
  if (typeof node === 'string') return quote(node);
  if (node instanceof Float32) return formatFloat32(node.value);
  const inner = indent ? `${nl}  ` : '';
  if (Array.isArray(node)) {
    if (node.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < node.length; i++) out += `${i === 0 ? '' : ','}${inner}${write(node[i]!, inner, indent)}`;
    return `${out}${nl}]`;
  }
  if (node.size === 0) return '{}';
  const sep = indent ? ': ' : ':';
  let out = '{';
  let first = true;
  for (const [k, v] of node) {
    out += `${first ? '' : ','}${inner}${quote(k)}${sep}${write(v, inner, indent)}`;
    first = false;
  }
  return `${out}${nl}}`;
}

/** float64 values keep Go's layout: plain decimals, exponent form (`1e-7`, `1e+21`) only for tiny or huge values. */
function goNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return n.toExponential();
  // Only a float can be negative zero (parse.ts reads `-0` as the int 0), and Go prints it so.
  return Object.is(n, -0) ? '-0' : String(n);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f',
};

/** What encoding/json escapes (HTML-safe) or replaces (lone surrogates; pairs take the slow path too). */
const NEEDS_ESCAPE = /["\\\x00-\x1f<>&\u2028\u2029\ud800-\udfff]/;

function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const named = ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}
