/**
 * The netns helper's requests served inside this process by
 * native/build/tscompose-netns.node (native/netns/addon.c): the main thread
 * setns()es into a container's namespace for one synchronous call and back,
 * so a namespace change costs system calls, not two process wake-ups through
 * a pipe (most of an attach's time on a loaded machine). Same line protocol
 * as the resident helper, so netns-agent.ts talks to either.
 */
import { existsSync } from 'node:fs';
import { loadAddon } from '../host/native.js';
import type { LineChannel } from '../host/resident.js';

interface NetnsAddon {
  request(line: string): string;
}

/** The addon next to the helper binary as a LineChannel, or undefined when it was not built. */
export function addonChannel(helperPath: string): LineChannel | undefined {
  const path = `${helperPath}.node`;
  if (!existsSync(path)) return undefined;
  const addon = loadAddon<NetnsAddon>(path);
  return {
    request: async (line) => addon.request(line),
    close: () => undefined,
  };
}
