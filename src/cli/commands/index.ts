/** Every command `tscompose` knows, implemented or not yet. */
import { buildCommand } from './build.js';
import { configCommand } from './config.js';
import { doctorCommand } from './doctor.js';
import { imageCommand } from './image.js';
import { imagesCommand } from './images.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { downCommand } from './down.js';
import { eventsCommand } from './events.js';
import { logsCommand } from './logs.js';
import { lsCommand } from './ls.js';
import { portCommand } from './port.js';
import { psCommand } from './ps.js';
import { statsCommand } from './stats.js';
import { topCommand } from './top.js';
import { pendingCommands } from './pending.js';
import { serviceCommands } from './service-commands.js';
import { attachCommand, execCommand } from './exec-attach.js';
import { cpCommand } from './cp.js';
import { commitCommand, exportCommand } from './commit-export.js';
import { runCommand } from './run.js';
import { scaleCommand } from './scale.js';
import type { CommandSpec } from './types.js';
import { createCommand, upCommand } from './up.js';
import { volumeCommand } from './volume.js';
import { volumesCommand } from './volumes.js';
import { versionCommand } from './version.js';
import { watchCommand } from './watch.js';

export const COMMANDS: readonly CommandSpec[] = [
  buildCommand, configCommand, doctorCommand, imageCommand, imagesCommand, pullCommand, pushCommand, versionCommand, upCommand, createCommand, downCommand, volumeCommand, volumesCommand,
  psCommand, lsCommand, logsCommand, topCommand, portCommand, eventsCommand, statsCommand,
  ...serviceCommands, execCommand, attachCommand, cpCommand, scaleCommand, runCommand, commitCommand, exportCommand,
  watchCommand,
  ...pendingCommands,
];

/** cobra's findNext: a command by name or alias. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}
