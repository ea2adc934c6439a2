/**
 * Explains a schema failure the way compose-go v2.4.8 does. compose-go
 * validates with gojsonschema v1.2.0 and then picks one of its errors; which
 * one depends on the order gojsonschema visits the document and on the
 * "score" it gives each oneOf branch (it reports the branch that matched
 * best). So this walker follows gojsonschema's traversal and scoring for the
 * keywords the vendored schema uses: scripts/compile-schema.mjs refuses a
 * schema with any other keyword. It only runs after the precompiled ajv
 * validator has said the model is invalid, so its speed does not matter.
 *
 * Where gojsonschema iterates a Go map (the document's keys, patternProperties)
 * the order is random and compose's choice among equally deep errors varies
 * from run to run; we use the document's key order and the schema's order.
 */
import type { PathSegment } from './tree.js';

export type SchemaErrorType =
  | 'false' | 'invalid_type' | 'number_one_of' | 'enum' | 'unique' | 'required'
  | 'additional_property_not_allowed' | 'number_gte' | 'number_lte';

export interface SchemaError {
  type: SchemaErrorType;
  /** The failing value's path: gojsonschema's context. */
  path: readonly PathSegment[];
  /** gojsonschema's English description. */
  description: string;
  /** invalid_type: the schema's type as gojsonschema prints it (`string`, `[boolean,string]`). */
  expected?: string;
  /** required / additional_property_not_allowed: the property. */
  property?: string;
}

interface Result {
  errors: SchemaError[];
  score: number;
}

type Schema = boolean | { readonly [key: string]: unknown };
type SchemaMap = { readonly [key: string]: Schema };

/** gojsonschema's Field(): the dotted path, `(root)` for the document itself. */
export function fieldOf(path: readonly PathSegment[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** All errors gojsonschema reports for `document`, in its order. */
export function explain(root: Schema, document: unknown): SchemaError[] {
  const walker = new Walker(root);
  const result: Result = { errors: [], score: 0 };
  walker.validate(root, document, result, []);
  return result.errors;
}

class Walker {
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly root: Schema) {}

  validate(schema: Schema, node: unknown, result: Result, path: PathSegment[]): void {
    if (typeof schema === 'boolean') {
      if (!schema) addError(result, 'false', path, 'False always fails validation');
      return;
    }
    if (typeof schema.$ref === 'string') {
      this.validate(this.resolve(schema.$ref), node, result, path);
      return;
    }
    const types = typesOf(schema);
    const given = jsonType(node);
    const accepted = types.includes(given) || (given === 'integer' && types.includes('number'));
    if (types.length > 0 && !accepted) {
      const expected = types.length > 1 ? `[${types.join(',')}]` : (types[0] ?? '');
      const err = addError(result, 'invalid_type', path, `Invalid type. Expected: ${expected}, given: ${given}`);
      err.expected = expected;
      return;
    }
    this.validateSchema(schema, node, result, path);
    if (typeof node === 'number') validateNumber(schema, node, result, path);
    if (Array.isArray(node)) this.validateArray(schema, node, result, path);
    else if (isObject(node)) this.validateObject(schema, node, result, path);
    validateCommon(schema, node, result, path);
    if (typeof node === 'string') result.score++; // validateString: no string keyword in the schema
    if (isObject(node) && !Array.isArray(node)) this.validateProperties(schema, node, result, path);
    result.score++;
  }

  private sub(schema: Schema, node: unknown, path: PathSegment[]): Result {
    const result: Result = { errors: [], score: 0 };
    this.validate(schema, node, result, path);
    return result;
  }

  /** oneOf: when no branch matches, the errors of the best-scoring one follow the oneOf error. */
  private validateSchema(schema: Exclude<Schema, boolean>, node: unknown, result: Result, path: PathSegment[]): void {
    const branches = schema.oneOf as Schema[] | undefined;
    if (branches !== undefined && branches.length > 0) {
      let matched = 0;
      let best: Result | undefined;
      for (const branch of branches) {
        const r = this.sub(branch, node, path);
        if (r.errors.length === 0) matched++;
        else if (matched === 0 && (best === undefined || r.score > best.score)) best = r;
      }
      if (matched !== 1) {
        addError(result, 'number_one_of', path, 'Must validate one and only one schema (oneOf)');
        if (matched === 0 && best !== undefined) merge(result, best);
      }
    }
    result.score++;
  }

  private validateArray(schema: Exclude<Schema, boolean>, list: unknown[], result: Result, path: PathSegment[]): void {
    const items = schema.items as Schema | undefined;
    if (items !== undefined) list.forEach((item, i) => merge(result, this.sub(items, item, [...path, i])));
    if (schema.uniqueItems === true) {
      const seen = new Map<string, number>();
      list.forEach((item, j) => {
        const text = goJson(item);
        const i = seen.get(text);
        if (i !== undefined) addError(result, 'unique', path, `array items[${i},${j}] must be unique`);
        seen.set(text, j);
      });
    }
    result.score++;
  }

  private validateObject(schema: Exclude<Schema, boolean>, obj: Record<string, unknown>, result: Result, path: PathSegment[]): void {
    for (const property of (schema.required as string[] | undefined) ?? []) {
      if (Object.hasOwn(obj, property)) result.score++;
      else addError(result, 'required', path, `${property} is required`).property = property;
    }
    const properties = (schema.properties ?? {}) as SchemaMap;
    for (const [key, value] of Object.entries(obj)) {
      const declared = Object.hasOwn(properties, key);
      const patterned = this.validatePatterns(schema, key, value, result, [...path, key]);
      if (declared || patterned) continue;
      const extra = schema.additionalProperties as Schema | undefined;
      if (extra === false) {
        addError(result, 'additional_property_not_allowed', path, `Additional property ${key} is not allowed`).property = key;
      } else if (typeof extra === 'object') {
        merge(result, this.sub(extra, value, [...path, key]));
      }
    }
    result.score++;
  }

  private validatePatterns(schema: Exclude<Schema, boolean>, key: string, value: unknown, result: Result, path: PathSegment[]): boolean {
    let matched = false;
    for (const [pattern, sub] of Object.entries((schema.patternProperties ?? {}) as SchemaMap)) {
      if (!this.regex(pattern).test(key)) continue;
      matched = true;
      merge(result, this.sub(sub, value, path));
    }
    if (matched) result.score++;
    return matched;
  }

  /** `properties` recurse into the same result, after the object's own checks. */
  private validateProperties(schema: Exclude<Schema, boolean>, obj: Record<string, unknown>, result: Result, path: PathSegment[]): void {
    for (const [name, sub] of Object.entries((schema.properties ?? {}) as SchemaMap)) {
      if (Object.hasOwn(obj, name)) this.validate(sub, obj[name], result, [...path, name]);
    }
  }

  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (re === undefined) {
      re = new RegExp(pattern, 'u');
      this.patterns.set(pattern, re);
    }
    return re;
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#')) throw new Error(`schema: unsupported $ref ${ref}`);
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = isObject(node) ? node[key] : undefined;
    }
    if (typeof node !== 'boolean' && !isObject(node)) throw new Error(`schema: unresolvable $ref ${ref}`);
    return node as Schema;
  }
}

function validateNumber(schema: Exclude<Schema, boolean>, n: number, result: Result, path: PathSegment[]): void {
  if (typeof schema.maximum === 'number' && n > schema.maximum) {
    addError(result, 'number_lte', path, `Must be less than or equal to ${goNumber(schema.maximum)}`);
  }
  if (typeof schema.minimum === 'number' && n < schema.minimum) {
    addError(result, 'number_gte', path, `Must be greater than or equal to ${goNumber(schema.minimum)}`);
  }
  result.score++;
}

/** enum: values compare as JSON text, and the message lists them as JSON. */
function validateCommon(schema: Exclude<Schema, boolean>, node: unknown, result: Result, path: PathSegment[]): void {
  const allowed = schema.enum as unknown[] | undefined;
  if (allowed !== undefined && allowed.length > 0) {
    const texts = allowed.map(goJson);
    if (!texts.includes(goJson(node))) {
      addError(result, 'enum', path, `${fieldOf(path)} must be one of the following: ${texts.join(', ')}`);
    }
  }
  result.score++;
}

/** An error costs 2, so a branch that fails at once scores below one that fails deep inside. */
function addError(result: Result, type: SchemaErrorType, path: readonly PathSegment[], description: string): SchemaError {
  const err: SchemaError = { type, path: [...path], description };
  result.errors.push(err);
  result.score -= 2;
  return err;
}

function merge(into: Result, from: Result): void {
  into.errors.push(...from.errors);
  into.score += from.score;
}

function typesOf(schema: Exclude<Schema, boolean>): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? (t as string[]) : [];
}

/** The JSON type gojsonschema sees once Go has encoded the value. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Go's encoding/json text: sorted keys, HTML-safe strings. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${goString(k)}:${goJson(obj[k])}`).join(',')}}`;
  }
  return String(v);
}

function goNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
