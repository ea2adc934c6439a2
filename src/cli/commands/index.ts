/** Every command `tscompose` knows, implemented or not yet. */
import { configCommand } from './config.js';
import { pendingCommands } from './pending.js';
import type { CommandSpec } from './types.js';
import { versionCommand } from './version.js';

export const COMMANDS: readonly CommandSpec[] = [configCommand, versionCommand, ...pendingCommands];

/** cobra's findNext: a command by name or alias. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}
