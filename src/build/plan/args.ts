/**
 * Build arguments, scoped as BuildKit scopes them:
 * - the predefined platform args (BUILDPLATFORM, TARGETOS, ...) and the
 *   ARGs before the first FROM are global: FROM lines see them, a stage sees
 *   one only after redeclaring it with a bare `ARG NAME`;
 * - a stage's `ARG NAME=default` takes the build arg when given, else its
 *   expanded default; the value joins the stage's environment for later
 *   instructions and RUN, but not the image's config;
 * - the proxy args (HTTP_PROXY, ...) reach RUN without being declared and
 *   stay out of cache keys unless declared.
 */
import { atRange } from '../errors.js';
import type { ArgDef, DockerfileModel } from '../instructions/types.js';
import { EnvList } from '../shell/env.js';
import type { ShellLex } from '../shell/lex.js';
import { formatPlatform, type Platform } from './platform.js';

export const PROXY_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

export interface ArgInputs {
  buildArgs: Readonly<Record<string, string>>;
  buildPlatform: Platform;
  targetPlatform: Platform;
  /** The stage being built, as named, or `` for the last one. */
  targetName: string;
}

/** The predefined args, overridable by build args of the same name. */
export function defaultArgs(inputs: ArgInputs): EnvList {
  const bp = inputs.buildPlatform;
  const tp = inputs.targetPlatform;
  const defaults: Array<[string, string]> = [
    ['BUILDPLATFORM', formatPlatform(bp)],
    ['BUILDOS', bp.os],
    ['BUILDOSVERSION', ''],
    ['BUILDARCH', bp.architecture],
    ['BUILDVARIANT', bp.variant ?? ''],
    ['TARGETPLATFORM', formatPlatform(tp)],
    ['TARGETOS', tp.os],
    ['TARGETOSVERSION', ''],
    ['TARGETARCH', tp.architecture],
    ['TARGETVARIANT', tp.variant ?? ''],
    ['TARGETSTAGE', inputs.targetName === '' ? 'default' : inputs.targetName],
  ];
  let env = new EnvList();
  for (const [k, v] of defaults) env = env.with(k, inputs.buildArgs[k] ?? v);
  return env;
}

/** The global scope: predefined args, then each meta ARG (build arg, or its default expanded in order). */
export function globalArgs(model: DockerfileModel, inputs: ArgInputs, lex: ShellLex): EnvList {
  let env = defaultArgs(inputs);
  for (const meta of model.metaArgs) {
    for (const arg of meta.args) {
      const given = inputs.buildArgs[arg.key];
      let value = given;
      if (value === undefined && arg.value !== undefined) {
        const def = arg.value;
        value = atRange(meta.range, () => lex.processWord(def, env).result);
      }
      if (value !== undefined) env = env.with(arg.key, value);
    }
  }
  return env;
}

/** A stage ARG's value; undefined when it has none (then it stays unset). */
export function stageArgValue(arg: ArgDef, inputs: ArgInputs, global: EnvList, expand: (word: string) => string): string | undefined {
  const given = inputs.buildArgs[arg.key];
  if (given !== undefined) return given;
  if (arg.value !== undefined) return expand(arg.value);
  return global.get(arg.key);
}

/** Proxy settings given as build args, which RUN gets without an ARG. */
export function proxyEnv(buildArgs: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.keys(buildArgs)
    .sort()
    .filter((k) => PROXY_ARGS.some((p) => p.toLowerCase() === k.toLowerCase()))
    .map((k) => [k, buildArgs[k] as string]);
}
