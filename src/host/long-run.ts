/**
 * Telling the launcher (scripts/launcher.cjs) that this run will spend long
 * in JavaScript, so V8 should tier up later: the launcher starts Node without
 * V8 flags, because any flag makes each built-in module loaded afterwards
 * compile from source, which short commands pay for and long ones do not
 * notice. Outside the built bin (tests, `tsx`) there is no hook and nothing
 * changes: the flag is about speed only.
 */

/** Compose files from this size on make a model whose load outlasts the flag's cost (about 16 KiB: 100 small services). */
export const LONG_RUN_SOURCE_BYTES = 16 * 1024;

const HOOK = Symbol.for('tscompose.longRun');

export function expectLongRun(): void {
  const hook = (globalThis as { [HOOK]?: unknown })[HOOK];
  if (typeof hook === 'function') hook();
}
