/**
 * Validates a compose model against the compose-spec JSON schema that
 * compose-go v2.4.8 embeds (schemas/compose-spec.json, draft-07). The check
 * itself is ajv code generated at build time (scripts/compile-schema.mjs), so
 * nothing is compiled at run time; only an invalid model pays for the walk that
 * words the error exactly as compose does (schema-walk.ts, schema-messages.ts).
 */
import { ComposeError } from '../errors.js';
import isValid from '../generated/compose-schema-validator.js';
import schema from '../generated/compose-schema-data.js';
import { explain } from './schema-walk.js';
import { mostSpecific } from './schema-messages.js';
import { isMapping, type Mapping, type PathSegment } from './tree.js';

/** Throws ComposeError E_SCHEMA with compose's message and the path of the offending node. */
export function validateSchema(model: Mapping): void {
  rejectUnencodable(model);
  if (isValid(model)) return;
  const problem = mostSpecific(explain(schema, model));
  if (problem === undefined) {
    // ajv and the walker implement the same keywords; disagreeing is our bug, not the user's.
    throw new Error('schema: ajv rejected the model but no schema error was found');
  }
  throw new ComposeError('E_SCHEMA', problem.message, { path: problem.path.join('.') });
}

/**
 * compose-go encodes the model as JSON before validating it, and Go's encoder
 * refuses infinities and NaN (YAML `.inf`, `.nan`) wherever they are, even
 * under an `x-` key.
 */
function rejectUnencodable(model: Mapping): void {
  const found = findNonFinite(model);
  if (found === undefined) return;
  const text = Number.isNaN(found.value) ? 'NaN' : found.value > 0 ? '+Inf' : '-Inf';
  throw new ComposeError('E_SCHEMA', `json: unsupported value: ${text}`, { path: found.path.join('.') });
}

/** Allocates a path only on the way back from a hit: valid models are the common case. */
function findNonFinite(value: unknown): { value: number; path: PathSegment[] } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { value, path: [] };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNonFinite(value[i]);
      if (found !== undefined) {
        found.path.unshift(i);
        return found;
      }
    }
  } else if (isMapping(value)) {
    for (const key of Object.keys(value)) {
      const found = findNonFinite(value[key]);
      if (found !== undefined) {
        found.path.unshift(key);
        return found;
      }
    }
  }
  return undefined;
}
