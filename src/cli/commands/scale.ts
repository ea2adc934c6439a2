/**
 * `tscompose scale SERVICE=REPLICAS...`, as docker compose 2.26.1's: the
 * services get the new replica counts over `scale` and `deploy.replicas`,
 * then the project is created and started as `up -d` would (their
 * dependencies too unless --no-deps); scaling down removes the containers
 * with the highest numbers. The use case is up's (src/app/up.ts).
 */
import type { UpRequest } from '../../app/up.js';
import { TscomposeError } from '../../errors.js';
import { openLifecycle } from './lifecycle.js';
import type { CommandContext, CommandSpec } from './types.js';

export const scaleCommand: CommandSpec = {
  name: 'scale',
  use: '[SERVICE=REPLICAS...]',
  short: 'Scale services',
  flags: [{ name: 'no-deps', kind: 'bool', usage: "Don't start linked services" }],
  load: () => Promise.resolve(runScaleCommand),
};

/** docker compose's parseServicesReplicasArgs, with its messages. */
export function replicaArgs(args: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const arg of args) {
    const at = arg.indexOf('=');
    const key = at < 0 ? '' : arg.slice(0, at);
    const val = at < 0 ? '' : arg.slice(at + 1);
    if (key === '' || val === '') throw new TscomposeError('E_USAGE', `invalid scale specifier: ${arg}`);
    if (!/^[+-]?\d+$/.test(val)) throw new TscomposeError('E_USAGE', `invalid scale specifier: can't parse replica value as int: ${arg}`);
    out[key] = Number(val);
  }
  return out;
}

/** docker compose's Scale: create (recreating what diverged) then start, for these services. */
export function scaleRequest(scale: Record<string, number>, noDeps: boolean, compatibility: boolean): UpRequest {
  return {
    services: Object.keys(scale), noDeps, scale, forceRecreate: false, noRecreate: false, alwaysRecreateDeps: false,
    renewAnonVolumes: false, removeOrphans: false, noStart: false, wait: false, waitTimeoutSeconds: 0, compatibility,
  };
}

async function runScaleCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length === 0) throw new TscomposeError('E_USAGE', 'requires at least 1 arg(s), only received 0');
  const scale = replicaArgs(ctx.args);
  const { runUp } = await import('../../app/up.js');
  const life = await openLifecycle(ctx, 'Running');
  try {
    await runUp(ctx.global, ctx.host, scaleRequest(scale, ctx.flags.bool('no-deps'), ctx.display.compatibility), life.session);
  } finally {
    await life.done();
  }
}
