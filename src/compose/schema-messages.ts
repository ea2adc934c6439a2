/**
 * compose-go v2.4.8 (schema/schema.go) reports one schema error: the one at
 * the deepest path, an invalid type winning a tie, and for a failed oneOf the
 * error that follows it (the best branch's first). Types use compose's words:
 * "mapping", "list".
 */
import type { PathSegment } from './tree.js';
import { fieldOf, type SchemaError } from './schema-walk.js';

export interface SchemaProblem {
  /** As compose prints it after `validating <file>: `. */
  message: string;
  /** The node the message is about: the offending key for an unknown property. */
  path: PathSegment[];
}

export function mostSpecific(errors: readonly SchemaError[]): SchemaProblem | undefined {
  let index = 0;
  errors.forEach((err, i) => {
    const chosen = errors[index] as SchemaError;
    const diff = specificity(err) - specificity(chosen);
    if (diff > 0 || (diff === 0 && err.type === 'invalid_type' && chosen.type !== 'invalid_type')) index = i;
  });
  const parent = errors[index];
  if (parent === undefined) return undefined;
  const child = parent.type === 'number_one_of' ? errors[index + 1] : undefined;
  const description = child === undefined ? describe(parent) : child.description;
  const about = child ?? parent;
  const path = about.type === 'additional_property_not_allowed' && about.property !== undefined
    ? [...about.path, about.property]
    : [...parent.path];
  return { message: `${fieldOf(parent.path)} ${description}`, path };
}

/** Dots in keys count too, as compose splits the printed field. */
function specificity(err: SchemaError): number {
  return fieldOf(err.path).split('.').length;
}

function describe(err: SchemaError): string {
  if (err.type === 'invalid_type' && err.expected !== undefined) return `must be a ${humanType(err.expected)}`;
  return err.description;
}

/** `[string,number,null]` -> `string, number or null`; object -> mapping, array -> list. */
export function humanType(definition: string): string {
  if (definition.startsWith('[')) {
    const all = definition.slice(1, -1).split(',').map(humanType);
    return `${all.slice(0, -1).join(', ')} or ${all[all.length - 1] ?? ''}`;
  }
  if (definition === 'object') return 'mapping';
  if (definition === 'array') return 'list';
  return definition;
}
