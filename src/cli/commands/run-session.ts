/**
 * The terminal side of `run`, after the one-off exists: -d starts it and
 * prints its id (docker start's output); otherwise tscompose attaches first
 * (nothing printed at start is missed), starts it, streams it through the
 * terminal session exec and attach use (raw terminal and resizes with a
 * pseudo-terminal, stdin forwarded while -i), forwards the signals it gets
 * to the container when there is no terminal (docker's sig-proxy), and
 * returns the container's status. `--rm` then removes what was made for it.
 */
import type { Session } from '../../app/run-context.js';
import type { ContainerRecord } from '../../state/records.js';
import { runTerminalSession } from '../terminal-session.js';
import type { CommandContext } from './types.js';

export interface OneOffFlags {
  tty: boolean;
  detach: boolean;
  interactive: boolean;
  rm: boolean;
  detachKeys: number[];
}

export async function attachOneOff(ctx: CommandContext, s: Session, project: string, c: ContainerRecord, o: OneOffFlags): Promise<number> {
  const { openOneOff, removeOneOff } = await import('../../app/run.js');
  const one = await openOneOff(s, c, !o.detach);
  if (o.detach) {
    await one.start();
    ctx.io.stdout(`${c.id}\n`);
    return 0;
  }
  const handle = one.attach;
  let removeProxy: (() => void) | undefined;
  let exitCode = 0;
  let detached = false;
  try {
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    // With a terminal Ctrl-C is a byte for the container; without one, the signal is.
    removeProxy = ctx.io.onInterrupt?.((sig) => (o.tty ? interrupt() : void one.signal(sig ?? 'SIGINT').catch(() => undefined)));
    await one.start();
    if (handle !== undefined) {
      const input = o.interactive ? { write: (b: Uint8Array) => handle.write(Buffer.from(b)), end: () => handle.closeStdin() } : undefined;
      const session = await runTerminalSession(ctx.io, {
        tty: o.tty, stdout: handle.stdout, stderr: handle.stderr, resize: (r, cols) => handle.resize(r, cols), stop: interrupted,
        ...(o.tty && o.interactive ? { detachKeys: o.detachKeys } : {}), ...(input === undefined ? {} : { input }),
      });
      detached = session.detached;
      if (detached) handle.detach();
    }
    if (!detached) exitCode = await one.exit();
  } finally {
    removeProxy?.();
    if (o.rm && !detached) await removeOneOff(s, project, c);
  }
  return exitCode;
}
