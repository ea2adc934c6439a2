#!/usr/bin/env node
// Compiles schemas/compose-spec.json at build time, so the CLI never compiles a
// schema at run time. Writes to src/generated/ (gitignored):
//   compose-schema-validator.js  ajv standalone code: the fast valid/invalid check
//   compose-schema-data.js       the schema minus annotations, for the error
//                                explainer (src/compose/schema-walk.ts), which
//                                reproduces compose-go's gojsonschema messages
// plus a .d.ts for each. Skips the work when the outputs are newer than their inputs.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = join(root, 'schemas', 'compose-spec.json');
const outDir = join(root, 'src', 'generated');
const validatorFile = join(outDir, 'compose-schema-validator.js');
const dataFile = join(outDir, 'compose-schema-data.js');

// The keywords src/compose/schema-walk.ts explains exactly as gojsonschema
// v1.2.0 does. A schema update that uses another one must extend the walker first.
const VALIDATION_KEYWORDS = new Set([
  '$ref', 'type', 'enum', 'oneOf', 'properties', 'patternProperties',
  'additionalProperties', 'required', 'items', 'uniqueItems', 'minimum', 'maximum',
]);
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'deprecated', 'examples', '$comment']);

// compose-go registers checkers for these (schema/schema.go); gojsonschema passes unknown formats.
const FORMAT_NOTE = 'compose-go checks "duration" with Go time.ParseDuration, accepts any "ports"/"expose", and gojsonschema lets unknown formats pass';

/** Every schema object in the document, with its JSON pointer. */
function* schemaNodes(node, pointer) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  yield [node, pointer];
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    for (const [name, sub] of Object.entries(node[key] ?? {})) yield* schemaNodes(sub, `${pointer}/${key}/${name}`);
  }
  for (const key of ['items', 'additionalProperties']) {
    if (node[key] !== undefined) yield* schemaNodes(node[key], `${pointer}/${key}`);
  }
  for (const [i, sub] of (node.oneOf ?? []).entries()) yield* schemaNodes(sub, `${pointer}/oneOf/${i}`);
}

function checkKeywords(schema) {
  const problems = [];
  for (const [node, pointer] of schemaNodes(schema, '#')) {
    for (const key of Object.keys(node)) {
      if (key === 'definitions' && pointer === '#') continue;
      if (key === 'format') problems.push(`${pointer}: "format" is not supported yet (${FORMAT_NOTE})`);
      else if (!VALIDATION_KEYWORDS.has(key) && !ANNOTATIONS.has(key)) problems.push(`${pointer}: keyword "${key}" is not supported`);
    }
    if (Array.isArray(node.items)) problems.push(`${pointer}: tuple "items" is not supported`);
  }
  if (problems.length > 0) {
    throw new Error(`compile-schema: the schema uses what src/compose/schema-walk.ts cannot explain:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Go's RE2 `.` matches any character but `\n`; JavaScript's also skips `\r`,
 * U+2028 and U+2029. Rewrite `.` outside classes so keys match as in compose.
 */
export function goPatternToJs(pattern) {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { out += c + (pattern[i + 1] ?? ''); i++; continue; }
    if (inClass) { if (c === ']') inClass = false; out += c; continue; }
    if (c === '[') {
      // In RE2 a `]` right after `[` or `[^` is a literal; JavaScript needs it escaped.
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') { out += '^'; i++; }
      if (pattern[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    out += c === '.' ? '[^\\n]' : c;
  }
  return out;
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf']);

/** A copy without annotations and with Go patterns translated: the form both validators use. */
function prepare(node) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key)) {
      const rename = key === 'patternProperties' ? goPatternToJs : (k) => k;
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), prepare(v)]));
    } else if (SCHEMA_VALUES.has(key)) out[key] = prepare(value);
    else if (SCHEMA_LISTS.has(key)) out[key] = value.map(prepare);
    else out[key] = value;
  }
  return out;
}

// ajv's standalone code imports fast-deep-equal through `require` for
// uniqueItems over objects (ports, volumes); an ESM module has no `require`,
// and gojsonschema compares items as JSON anyway, so give it a local JSON equality.
const JSON_EQUAL = `function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
`;

async function generateValidator(schema) {
  const { default: Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const { transform } = await import('esbuild');
  // gojsonschema reads `https://json-schema.org/draft-07/schema` as draft 7 rules
  // (its hybrid mode); ajv knows draft-07 under its canonical id.
  const forAjv = { ...schema, $schema: 'http://json-schema.org/draft-07/schema#' };
  const ajv = new Ajv({
    strict: true,
    // The schema was written for gojsonschema, which ignores keywords that do
    // not apply to a value's type (gpus has additionalProperties on a list).
    strictTypes: false,
    allowUnionTypes: true,
    messages: false,
    inlineRefs: false,
    code: { source: true, esm: true },
  });
  const code = standaloneCode(ajv, ajv.compile(forAjv));
  const requireCall = 'require("ajv/dist/runtime/equal").default';
  const patched = code.split(requireCall).join('jsonEqual');
  if (/\brequire\(/.test(patched)) throw new Error('compile-schema: ajv standalone code still calls require(); handle that runtime helper');
  const { code: minified } = await transform(`${JSON_EQUAL}${patched}`, { format: 'esm', minify: true, target: 'node20' });
  return minified;
}

function header(hash) {
  return `// Generated by scripts/compile-schema.mjs from schemas/compose-spec.json. Do not edit.\n// input-hash: ${hash}\n`;
}

function inputHash(text) {
  const self = readFileSync(fileURLToPath(import.meta.url));
  const ajvVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'ajv', 'package.json'), 'utf8')).version;
  return createHash('sha256').update(text).update(self).update(ajvVersion).digest('hex').slice(0, 16);
}

function upToDate(hash) {
  return [validatorFile, dataFile].every((f) => existsSync(f) && readFileSync(f, 'utf8').includes(`input-hash: ${hash}\n`))
    && existsSync(`${validatorFile.slice(0, -3)}.d.ts`) && existsSync(`${dataFile.slice(0, -3)}.d.ts`);
}

export async function compileSchema({ force = false, log = console.log } = {}) {
  const text = readFileSync(schemaFile, 'utf8');
  const hash = inputHash(text);
  if (!force && upToDate(hash)) {
    log('compile-schema: src/generated is up to date');
    return;
  }
  const raw = JSON.parse(text);
  checkKeywords(raw);
  const schema = prepare(raw);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(validatorFile, header(hash) + await generateValidator(schema));
  writeFileSync(`${validatorFile.slice(0, -3)}.d.ts`, `${header(hash)}/** True when the model satisfies the compose-spec schema (ajv, draft-07). */
declare const validate: (data: unknown) => boolean;
export default validate;
`);
  // JSON.parse of one string literal loads faster than the same object literal.
  writeFileSync(dataFile, `${header(hash)}export default JSON.parse(${JSON.stringify(JSON.stringify(schema))});\n`);
  writeFileSync(`${dataFile.slice(0, -3)}.d.ts`, `${header(hash)}/** The compose-spec schema without annotations, Go patterns rewritten for JavaScript. */
declare const schema: Readonly<Record<string, unknown>>;
export default schema;
`);
  log(`compile-schema: wrote ${validatorFile.slice(root.length + 1)} and ${dataFile.slice(root.length + 1)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  compileSchema({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
