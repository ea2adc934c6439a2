/**
 * The seam for host programs that stream: those whose stdio a caller keeps
 * open while they run (an exec session, an attached terminal), which the
 * run-to-completion CommandRunner of command.ts cannot express.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface ProcessSpawner {
  spawn(file: string, args: readonly string[], opts: SpawnOptions): ChildProcess;
}

export const hostSpawner: ProcessSpawner = {
  spawn: (file, args, opts) => spawn(file, [...args], opts),
};
