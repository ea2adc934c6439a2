/**
 * The seam for host programs that stream: those whose stdio a caller keeps
 * open while they run (an exec session, an attached terminal), which the
 * run-to-completion CommandRunner of command.ts cannot express.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface ProcessSpawner {
  spawn(file: string, args: readonly string[], opts: SpawnOptions): ChildProcess;
}

export const hostSpawner: ProcessSpawner = {
  // child_process (and the stream modules under it) loaded at the first spawn: ps and logs open the engine without one.
  spawn: (file, args, opts) => process.getBuiltinModule('node:child_process').spawn(file, [...args], opts),
};
