/**
 * Moving positions along with the subtrees the loader moves: the base of an
 * `extends` lands under the extending service, an included project's
 * resources land in the including model. What the destination defines itself
 * keeps its own position.
 */
import { ComposeError } from '../errors.js';
import type { Position, PositionIndex } from './tree.js';

/** Copies `source`'s positions under `from` to `to` in `target`, where `target` has none yet. */
export function graftPositions(target: PositionIndex, source: PositionIndex, from: string, to: string): void {
  // Decided against the entries target had before: a grafted entry never blocks a later one.
  const grafted: Array<[string, Position]> = [];
  for (const [k, pos] of source.entries()) {
    if (k !== from && !k.startsWith(`${from}.`)) continue;
    const moved = to + k.slice(from.length);
    if (!target.has(moved)) grafted.push([moved, pos]);
  }
  for (const [k, pos] of grafted) target.set(k, pos);
}

/**
 * An error a pure phase raised with only a YAML path gets the file, line and
 * column of that path (or of `fallbackPath` when it has none). Errors that
 * already name a file, and anything that is not a ComposeError, pass through.
 */
export function locate(err: unknown, index: PositionIndex, fallbackPath?: string): unknown {
  if (!(err instanceof ComposeError) || err.location.file !== undefined) return err;
  const path = err.location.path ?? fallbackPath ?? '';
  const pos = index.lookup(path);
  if (pos === undefined) return err;
  return err.locatedAt({ file: pos.file, line: pos.line, col: pos.col, path });
}

/** Runs `fn`, locating what it throws against `index`. */
export function located<T>(index: PositionIndex, fn: () => T, fallbackPath?: string): T {
  try {
    return fn();
  } catch (err) {
    throw locate(err, index, fallbackPath);
  }
}
