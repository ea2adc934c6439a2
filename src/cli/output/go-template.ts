/**
 * The part of Go's text/template that `--format` users write, with the
 * docker CLI's functions: `{{.Name}}`, `{{.Label "com.x"}}`, `{{json .}}`,
 * `{{json .Labels}}`, `{{upper .Name}}`, `{{lower}}`, `{{title}}`,
 * `{{join .X ","}}`, `{{truncate .ID 12}}`, `{{pad .Name 1 1}}`, `{{println}}`.
 * A value is an object whose fields are the template's fields (methods
 * with arguments are functions). Anything else fails as Go does:
 * `template parsing error: template: :1: function "x" not defined`.
 */
import { TscomposeError } from '../../errors.js';

export type TemplateValue = string | number | boolean | null | undefined | TemplateValue[] | { [k: string]: TemplateValue | ((...args: string[]) => TemplateValue) };

type Node = { text: string } | { action: string };

export class TemplateError extends TscomposeError {
  constructor(message: string) {
    super('E_TEMPLATE', `template parsing error: ${message}`);
  }
}

export function parseTemplate(source: string): Node[] {
  const nodes: Node[] = [];
  let rest = source;
  while (rest !== '') {
    const open = rest.indexOf('{{');
    if (open < 0) {
      nodes.push({ text: rest });
      break;
    }
    if (open > 0) nodes.push({ text: rest.slice(0, open) });
    const close = rest.indexOf('}}', open);
    if (close < 0) throw new TemplateError('template: :1: unclosed action');
    nodes.push({ action: rest.slice(open + 2, close).trim().replace(/^-\s*|\s*-$/g, '') });
    rest = rest.slice(close + 2);
  }
  return nodes;
}

export function renderTemplate(nodes: readonly Node[], dot: TemplateValue, json: (v: TemplateValue) => string): string {
  return nodes.map((n) => ('text' in n ? n.text : stringify(evaluate(n.action, dot, json)))).join('');
}

function stringify(v: TemplateValue): string {
  if (v === null || v === undefined) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(stringify).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${stringify(v[k] as TemplateValue)}`).join(' ')}]`;
  return String(v);
}

/** Words of an action: `.Field`, `"strings"`, numbers, function names. */
function words(action: string): string[] {
  return action.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function evaluate(action: string, dot: TemplateValue, json: (v: TemplateValue) => string): TemplateValue {
  const [head, ...args] = words(action);
  if (head === undefined) throw new TemplateError('template: :1: missing value for command');
  if (head.startsWith('.')) return field(head, dot, args.map((a) => literal(a, dot)));
  const values = args.map((a) => (a.startsWith('.') ? field(a, dot, []) : literal(a, dot)));
  const fn = FUNCS[head];
  if (fn === undefined) throw new TemplateError(`template: :1: function "${head}" not defined`);
  return fn(values, json);
}

function literal(word: string, dot: TemplateValue): TemplateValue {
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word.startsWith('.')) return field(word, dot, []);
  throw new TemplateError(`template: :1: unexpected "${word}" in operand`);
}

function field(path: string, dot: TemplateValue, args: TemplateValue[]): TemplateValue {
  if (path === '.') return dot;
  let cur: TemplateValue = dot;
  for (const name of path.slice(1).split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const v = (cur as Record<string, unknown>)[name];
    if (v === undefined && !(name in cur)) throw new TemplateError(`template: :1: executing "" at <${path}>: can't evaluate field ${name}`);
    cur = typeof v === 'function' ? (v as (...a: string[]) => TemplateValue)(...args.map(String)) : (v as TemplateValue);
  }
  return cur;
}

type Func = (args: TemplateValue[], json: (v: TemplateValue) => string) => TemplateValue;

const FUNCS: Readonly<Record<string, Func>> = {
  json: ([v], json) => json(v),
  upper: ([v]) => String(v ?? '').toUpperCase(),
  lower: ([v]) => String(v ?? '').toLowerCase(),
  title: ([v]) => String(v ?? '').replace(/\b\w/g, (c) => c.toUpperCase()),
  join: ([v, sep]) => (Array.isArray(v) ? v.map(stringify).join(String(sep ?? '')) : stringify(v)),
  split: ([v, sep]) => String(v ?? '').split(String(sep ?? '')),
  truncate: ([v, n]) => [...String(v ?? '')].slice(0, Number(n)).join(''),
  pad: ([v, before, after]) => `${' '.repeat(Number(before ?? 0))}${stringify(v)}${' '.repeat(Number(after ?? 0))}`,
  println: (args) => `${args.map(stringify).join(' ')}\n`,
};
