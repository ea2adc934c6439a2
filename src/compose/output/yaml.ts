/**
 * yaml.v3's encoder output with SetIndent(2), for the GoNode trees decode.ts
 * builds: block style everywhere, sequences indented under their key, and
 * strings quoted exactly when yaml.v3 would (when they would read back as
 * something else, or cannot be written plain).
 */
import { Float32, type GoNode } from './decode.js';

export function toGoYaml(node: GoNode): string {
  return isBlock(node) ? block(node, '') : `${scalar(node)}\n`;
}

function isBlock(node: GoNode): node is GoNode[] | Map<string, GoNode> {
  return (Array.isArray(node) && node.length > 0) || (node instanceof Map && node.size > 0);
}

function block(node: GoNode[] | Map<string, GoNode>, pad: string): string {
  if (Array.isArray(node)) return node.map((item) => `${pad}-${after(item, `${pad}  `, true)}`).join('');
  return [...node].map(([k, v]) => `${pad}${scalar(k)}:${after(v, `${pad}  `, false)}`).join('');
}

/** What follows `key:` or `-`: a scalar on the same line, or a nested block. */
function after(node: GoNode, pad: string, inSequence: boolean): string {
  if (!isBlock(node)) return ` ${scalar(node, pad)}\n`;
  // A mapping inside a sequence starts on the dash's line.
  if (inSequence) return ` ${block(node, pad).slice(pad.length)}`;
  return `\n${block(node, pad)}`;
}

function scalar(node: GoNode, pad = ''): string {
  if (node === null) return 'null';
  if (typeof node === 'boolean') return String(node);
  if (typeof node === 'number') return formatG(node, 64);
  if (node instanceof Float32) return formatG(Math.fround(node.value), 32);
  if (Array.isArray(node)) return '[]';
  if (node instanceof Map) return '{}';
  return quoteString(node, pad);
}

/** strconv.FormatFloat(f, 'g', -1, bits), integers as Go prints an int. */
function formatG(n: number, bits: 32 | 64): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '+.inf' : '-.inf';
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

const NON_STRING = [
  /^(?:~|null|Null|NULL|)$/,
  /^(?:true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?:Z|[-+]\d{1,2}(?::\d\d)?)?)?$/,
];

function quoteString(s: string, pad: string): string {
  if (NON_STRING.some((re) => re.test(s))) return doubleQuoted(s);
  // eslint-disable-next-line no-control-regex
  const special = /[\x00-\x08\x0b-\x0d\x0e-\x1f\x7f\ufeff]/u.test(s);
  if (s.includes('\n')) {
    // libyaml refuses a block scalar with a space before a line break or at the very end.
    return special || / \n/.test(s) || s.endsWith(' ') ? doubleQuoted(s) : literal(s, pad);
  }
  if (special || s.includes('\t')) return doubleQuoted(s);
  return plainAllowed(s) ? s : `'${s.replaceAll("'", "''")}'`;
}

/** libyaml's analysis of what a plain block scalar may contain. */
function plainAllowed(s: string): boolean {
  if (/^\s|\s$|[\u0085\u2028\u2029]/.test(s)) return false;
  if (/^[,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (/^[-?:](?:\s|$)/.test(s)) return false;
  if (/^---|^\.\.\./.test(s)) return false;
  return !/: |:$| #/.test(s);
}

const YAML_ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\u0085': '\\N', '\u00a0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const named = YAML_ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp === 0xfeff) out += '\\uFEFF';
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A multi-line string as a literal block, chomping as its trailing newlines
 * need. libyaml swallows one leading line break (a quirk docker compose shows).
 */
function literal(s: string, pad: string): string {
  const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') || s === '\n' ? '+' : '') : '-';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const text = s.startsWith('\n') ? s.slice(1) : s;
  const body = (chomp === '-' ? text : text.replace(/\n$/, '')).split('\n');
  const lines = body.map((l) => (l === '' ? '' : pad + l)).join('\n');
  return lines === '' && chomp === '+' ? `|${indicator}${chomp}` : `|${indicator}${chomp}\n${lines}`;
}
