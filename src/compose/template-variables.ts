/**
 * Variable extraction for `config --variables`, as compose-go's
 * template/variables.go (v2.4.8) does it.
 */
import { TEMPLATE_PATTERN, firstClosingBrace } from './template-pattern.js';
import { isMapping } from './tree.js';

/** What `config --variables` prints for one variable. */
export interface VariableInfo {
  name: string;
  required: boolean;
  /** Set for `${VAR-d}` / `${VAR:-d}`. */
  defaultValue?: string;
  /** Set for `${VAR+a}` / `${VAR:+a}`. */
  alternateValue?: string;
}

/**
 * Every variable referenced by the string values of a (not interpolated)
 * model, as compose-go's ExtractVariables finds them: strings inside mappings
 * at any depth, but inside sequences only the string items (a mapping inside a
 * list, such as a long-syntax port, is not looked into). When a variable
 * appears several times the last occurrence wins.
 */
export function extractVariables(tree: unknown): Map<string, VariableInfo> {
  const found = new Map<string, VariableInfo>();
  const record = (vars: VariableInfo[]): void => {
    for (const v of vars) found.set(v.name, v);
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') record(variablesIn(value));
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') record(variablesIn(item));
    } else if (isMapping(value)) {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(tree);
  return found;
}

const NAME_END = /[^A-Za-z0-9_]/;

function variablesIn(text: string): VariableInfo[] {
  const out: VariableInfo[] = [];
  for (const [whole, escaped, named, braced] of text.matchAll(TEMPLATE_PATTERN)) {
    if (escaped) continue;
    let body = named ?? '';
    if (body === '') {
      body = braced ?? '';
      const close = firstClosingBrace(whole);
      if (close > 0) {
        body = whole.slice(2, close);
        out.push(...variablesIn(whole.slice(close + 1)));
      }
    }
    const info = describe(body);
    out.push(info);
    if (info.defaultValue) out.push(...variablesIn(info.defaultValue));
    if (info.alternateValue) out.push(...variablesIn(info.alternateValue));
  }
  return out;
}

function describe(body: string): VariableInfo {
  const end = body.search(NAME_END);
  if (end <= 0) return { name: body, required: false };
  const name = body.slice(0, end);
  const rest = body.slice(end);
  if (rest.startsWith(':?') || rest.startsWith('?')) return { name, required: true };
  if (rest.startsWith(':-')) return { name, required: false, defaultValue: rest.slice(2) };
  if (rest.startsWith('-')) return { name, required: false, defaultValue: rest.slice(1) };
  if (rest.startsWith(':+')) return { name, required: false, alternateValue: rest.slice(2) };
  if (rest.startsWith('+')) return { name, required: false, alternateValue: rest.slice(1) };
  return { name, required: false };
}
