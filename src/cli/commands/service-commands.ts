/**
 * `start`, `stop`, `restart`, `kill`, `pause`, `unpause`, `rm` and `wait`,
 * with docker compose 2.26.1's flags, progress titles and messages. The use
 * cases are in src/app (start-stop.ts, kill-pause.ts, remove.ts, wait.ts).
 */
import { TscomposeError } from '../../errors.js';
import type { FlagSpec } from '../flags.js';
import { openLifecycle, timeoutFlag } from './lifecycle.js';
import type { CommandContext, CommandRun, CommandSpec } from './types.js';

const TIMEOUT: FlagSpec = { name: 'timeout', short: 't', kind: 'int', usage: 'Specify a shutdown timeout in seconds' };

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'y'].includes(v.trim().toLowerCase());
}

/** Runs `body` with a progress writer titled as docker compose's RunWithTitle. */
async function withProgress<T>(ctx: CommandContext, title: string, body: (life: Awaited<ReturnType<typeof openLifecycle>>) => Promise<T>): Promise<T> {
  const life = await openLifecycle(ctx, title);
  try {
    return await body(life);
  } finally {
    await life.done();
  }
}

function spec(name: string, use: string, short: string, flags: readonly FlagSpec[], run: CommandRun, long?: string): CommandSpec {
  return { name, use, short, flags, ...(long === undefined ? {} : { long }), load: () => Promise.resolve(run) };
}

const RM_LONG = `Removes stopped service containers

By default, anonymous volumes attached to containers will not be removed. You
can override this with -v. To list all volumes, use "docker volume ls".

Any data which is not in a volume will be lost.`;

export const startCommand = spec('start', '[SERVICE...]', 'Start services', [], async (ctx) => {
  const { runStart } = await import('../../app/start-stop.js');
  await withProgress(ctx, 'Running', (life) => runStart(ctx.global, ctx.host, ctx.args, life.session));
});

export const stopCommand = spec('stop', '[OPTIONS] [SERVICE...]', 'Stop services', [TIMEOUT], async (ctx) => {
  const { runStop } = await import('../../app/start-stop.js');
  const timeoutSeconds = timeoutFlag(ctx);
  await withProgress(ctx, 'Stopping', (life) => runStop(ctx.global, ctx.host, { services: ctx.args, ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) }, life.session));
});

export const restartCommand = spec('restart', '[OPTIONS] [SERVICE...]', 'Restart service containers', [
  TIMEOUT, { name: 'no-deps', kind: 'bool', usage: "Don't restart dependent services" },
], async (ctx) => {
  const { runRestart } = await import('../../app/start-stop.js');
  const timeoutSeconds = timeoutFlag(ctx);
  await withProgress(ctx, 'Restarting', (life) => runRestart(ctx.global, ctx.host, { services: ctx.args, noDeps: ctx.flags.bool('no-deps'), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) }, life.session));
});

export const killCommand = spec('kill', '[OPTIONS] [SERVICE...]', 'Force stop service containers', [
  { name: 'remove-orphans', kind: 'bool', usage: 'Remove containers for services not defined in the Compose file' },
  { name: 'signal', short: 's', kind: 'string', defaultValue: 'SIGKILL', usage: 'SIGNAL to send to the container' },
], async (ctx) => {
  const { runKill } = await import('../../app/kill-pause.js');
  const removeOrphans = ctx.flags.changed.has('remove-orphans') ? ctx.flags.bool('remove-orphans') : truthy(ctx.io.env.COMPOSE_REMOVE_ORPHANS);
  const result = await withProgress(ctx, 'Killing', (life) => runKill(ctx.global, ctx.host, { services: ctx.args, signal: ctx.flags.string('signal'), removeOrphans }, life.session));
  // docker compose prints this without a newline.
  if (result.none) ctx.io.stderr('no container to kill');
});

export const pauseCommand = spec('pause', '[SERVICE...]', 'Pause services', [], async (ctx) => {
  const { runPause } = await import('../../app/kill-pause.js');
  await withProgress(ctx, 'Pausing', (life) => runPause(ctx.global, ctx.host, ctx.args, life.session, true));
});

export const unpauseCommand = spec('unpause', '[SERVICE...]', 'Unpause services', [], async (ctx) => {
  const { runPause } = await import('../../app/kill-pause.js');
  await withProgress(ctx, 'Running', (life) => runPause(ctx.global, ctx.host, ctx.args, life.session, false));
});

export const rmCommand = spec('rm', '[OPTIONS] [SERVICE...]', 'Removes stopped service containers', [
  { name: 'force', short: 'f', kind: 'bool', usage: "Don't ask to confirm removal" },
  { name: 'stop', short: 's', kind: 'bool', usage: 'Stop the containers, if required, before removing' },
  { name: 'volumes', short: 'v', kind: 'bool', usage: 'Remove any anonymous volumes attached to containers' },
  { name: 'all', short: 'a', kind: 'bool', usage: 'Deprecated - no effect', hidden: true },
], async (ctx) => {
  const { runRemove } = await import('../../app/remove.js');
  const f = ctx.flags;
  await withProgress(ctx, 'Removing', (life) => runRemove(ctx.global, ctx.host, { services: ctx.args, force: f.bool('force'), stop: f.bool('stop'), volumes: f.bool('volumes') }, life.session, {
    info: (line) => ctx.io.stderr(`${line}\n`),
    confirm: (message, force) => confirm(ctx, message, force),
  }));
}, RM_LONG);

/** docker compose's prompt: -f prints the message; a terminal asks survey's way, a pipe prints it and reads a line. */
async function confirm(ctx: CommandContext, message: string, force: boolean): Promise<boolean> {
  if (force) {
    ctx.io.stdout(`${message}\n`);
    return true;
  }
  const tty = ctx.io.stdinIsTTY === true;
  ctx.io.stdout(tty ? `? ${message} (y/N) ` : message);
  const line = ctx.io.readLine !== undefined ? await ctx.io.readLine() : (ctx.io.readStdin().split('\n')[0] ?? '');
  const answer = line.trim().toLowerCase();
  if (tty) ctx.io.stdout('\n');
  return answer === 'y' || ['1', 't', 'true'].includes(answer);
}

export const waitCommand = spec('wait', 'SERVICE [SERVICE...] [OPTIONS]', 'Block until the first service container stops', [
  { name: 'down-project', kind: 'bool', usage: 'Drops project when the first container stops' },
], async (ctx) => {
  if (ctx.args.length === 0) throw new TscomposeError('E_USAGE', '"tscompose wait" requires at least 1 argument.\nSee \'tscompose wait --help\'.\n\nUsage:  tscompose wait SERVICE [SERVICE...] [OPTIONS]\n\nBlock until the first service container stops');
  const { runWait } = await import('../../app/wait.js');
  return withProgress(ctx, 'Running', (life) => runWait(ctx.global, ctx.host, { services: ctx.args, downProject: ctx.flags.bool('down-project') }, life.session, (line) => ctx.io.stdout(`${line}\n`)));
});

export const serviceCommands: readonly CommandSpec[] = [startCommand, stopCommand, restartCommand, killCommand, pauseCommand, unpauseCommand, rmCommand, waitCommand];
