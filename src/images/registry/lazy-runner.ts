/**
 * The host runner, loaded only when a credential helper is actually run:
 * host/command.ts pulls in execa, whose loading costs about as much as
 * Node's own start-up, and most pulls never run a helper.
 */
import type { CommandRunner } from '../../host/command.js';

export const lazyHostRunner: CommandRunner = {
  run: async (file, args, opts) => (await import('../../host/command.js')).hostRunner.run(file, args, opts),
};
