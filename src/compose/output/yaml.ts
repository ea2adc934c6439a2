/**
 * yaml.v3's encoder output with SetIndent(2), for the GoNode trees decode.ts
 * builds: block style everywhere, sequences indented under their key, and
 * strings quoted exactly when yaml.v3 would (when they would read back as
 * something else, or cannot be written plain).
 */
import { Float32, type GoNode } from './decode.js';
import { isSimpleKey, writeKey, writeString } from './yaml-scalar.js';

export function toGoYaml(node: GoNode): string {
  return isBlock(node) ? block(node, 0) : scalar(node, 0);
}

function isBlock(node: GoNode): node is GoNode[] | Map<string, GoNode> {
  return (Array.isArray(node) && node.length > 0) || (node instanceof Map && node.size > 0);
}

/** A block collection at `indent`, its first line not yet indented when `inline` (after `- ` or `? k\n: `). */
function block(node: GoNode[] | Map<string, GoNode>, indent: number, inline = false): string {
  const pad = ' '.repeat(indent);
  const lines = Array.isArray(node)
    ? node.map((item) => `${pad}-${after(item, indent + 2, true)}`)
    : [...node].map(([k, v]) => pad + entry(k, v, indent));
  const text = lines.join('');
  return inline ? text.slice(indent) : text;
}

/** `key: value`, or a complex `? key` / `: value` pair when the key is multi-line or longer than 128 bytes. */
function entry(key: string, value: GoNode, indent: number): string {
  if (isSimpleKey(key)) return `${writeKey(key, indent + 2)}:${after(value, indent + 2, false)}`;
  return `? ${writeString(key, { indent: indent + 2, simpleKey: false })}${' '.repeat(indent)}:${after(value, indent + 2, true)}`;
}

/** What follows `key:` or `-`: a scalar on the same line, or a nested block (inline after a dash). */
function after(node: GoNode, indent: number, inline: boolean): string {
  if (!isBlock(node)) return ` ${scalar(node, indent)}`;
  if (inline) return ` ${block(node, indent, true)}`;
  return `\n${block(node, indent)}`;
}

/** A scalar and its line end. */
function scalar(node: GoNode, indent: number): string {
  if (typeof node === 'string') return writeString(node, { indent, simpleKey: false });
  if (node === null) return 'null\n';
  if (typeof node === 'boolean') return `${node}\n`;
  if (typeof node === 'number') return `${formatG(node, 64)}\n`;
  if (typeof node === 'bigint') return `${node}\n`;
  if (node instanceof Float32) return `${formatG(Math.fround(node.value), 32)}\n`;
  return Array.isArray(node) ? '[]\n' : '{}\n';
}

/** strconv.FormatFloat(f, 'g', -1, bits), integers as Go prints an int. */
function formatG(n: number, bits: 32 | 64): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '+.inf' : '-.inf';
  if (Object.is(n, -0)) return '-0';
  if (bits === 64 && Number.isInteger(n)) return String(n);
  let digits = '';
  for (let p = 1; p <= 17; p++) {
    digits = n.toPrecision(p);
    if ((bits === 32 ? Math.fround(Number(digits)) : Number(digits)) === n) break;
  }
  const [mant = '', expText = '0'] = Number(digits).toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(digits));
}

