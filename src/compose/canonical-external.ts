/**
 * Top-level resources and includes (compose-go v2.4.8 transform/external.go,
 * include.go): the legacy `external: {name: x}` becomes `external: true` plus
 * `name: x`, with compose's deprecation warning.
 */
import { goPath, goTypeName, modelError, type RuleContext } from './canonical-rules.js';
import { isMapping, type Mapping } from './tree.js';

export type Warn = (message: string) => void;

/** `volumes.*`, `networks.*`, `secrets.*`, `configs.*`. */
export function transformMaybeExternal(value: unknown, ctx: RuleContext, warn: Warn): unknown {
  if (!isMapping(value)) return value ?? null;
  const resource = ctx.descend(value) as Mapping;
  const external = resource.external;
  if (!isMapping(external)) return resource;
  const out: Mapping = { ...resource, external: true };
  if (!('name' in external)) return out;
  const where = goPath(ctx.path);
  warn(`${where}: external.name is deprecated. Please set name and external: true`);
  if (!('name' in resource)) return { ...out, name: external.name };
  if (external.name !== resource.name) {
    throw modelError('E_EXTERNAL_NAME', `${where}: name and external.name conflict; only use name`, [...ctx.path, 'external', 'name'], 'drop external.name and keep name');
  }
  return out;
}

/** `include: [other.yaml]` items -> `{path: other.yaml}`. */
export function transformInclude(value: unknown, ctx: RuleContext): unknown {
  if (isMapping(value)) return value;
  if (typeof value === 'string') return { path: value };
  // compose's message says "external" here too.
  throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for external`, ctx.path);
}
