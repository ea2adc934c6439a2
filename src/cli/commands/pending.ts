/**
 * The docker compose commands tscompose does not have yet. They are listed in
 * help with their docker compose description and answer "not implemented
 * yet" (exit 1) instead of pretending to work.
 */
import type { CommandSpec } from './types.js';

const PENDING: ReadonlyArray<readonly [name: string, use: string, short: string]> = [
];

export const pendingCommands: readonly CommandSpec[] = PENDING.map(([name, use, short]) => ({ name, use, short, flags: [] }));
