/**
 * The docker CLI's formatter.Context: a list printed with `--format`: `table`
 * (the default table, or `table {{...}}` with its headers), `json` (one object
 * per line, keys sorted), or a Go template per item. Tables go through the
 * docker CLI's tabwriter settings (minwidth 10, padding 3).
 */
import { toGoJson } from '../../compose/output/json.js';
import type { GoNode } from '../../compose/output/decode.js';
import { parseTemplate, renderTemplate, type TemplateValue } from './go-template.js';
import { tabwrite } from './tabwriter.js';

export interface ListFormat {
  /** The default `table` layout, e.g. `table {{.Driver}}\t{{.Name}}`. */
  table: string;
  /** Column headers by field name. */
  headers: Readonly<Record<string, string>>;
  /** The field `-q` prints. */
  quiet: string;
}

export const DOCKER_CLI_TABLE = { minWidth: 10, padding: 3 } as const;

/**
 * Go's JSON of a template value, as the docker CLI's marshalling prints an
 * item: the item is a map (keys sorted), what it holds are structs (fields
 * in their order, which is the order the object lists them).
 */
export function goJson(v: TemplateValue): string {
  return toGoJson(toNode(v, true), false);
}

function toNode(v: TemplateValue, sorted: boolean): GoNode {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map((x) => toNode(x, false));
  if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => typeof v[k] !== 'function');
    return new Map((sorted ? keys.sort() : keys).map((k) => [k, toNode(v[k] as TemplateValue, false)]));
  }
  return v;
}

export function formatList(items: readonly Record<string, TemplateValue | ((...a: string[]) => TemplateValue)>[], format: string, quiet: boolean, spec: ListFormat): string {
  let source = format === '' || format === 'table' ? (quiet ? `{{${spec.quiet}}}` : spec.table) : format;
  if (format === 'json') source = '{{json .}}';
  const isTable = source.startsWith('table');
  const body = (isTable ? source.slice('table'.length) : source).trim().replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  const nodes = parseTemplate(body);
  const lines = items.map((item) => `${renderTemplate(nodes, item as TemplateValue, goJson)}\n`);
  if (!isTable) return lines.join('');
  const header = renderTemplate(nodes, new Proxy({}, { get: (_t, k) => spec.headers[String(k)] ?? String(k).toUpperCase(), has: () => true }) as TemplateValue, () => 'JSON');
  return tabwrite([`${header}\n`, ...lines].join(''), DOCKER_CLI_TABLE);
}
