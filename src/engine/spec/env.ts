/**
 * The process environment as Docker builds it (container
 * CreateDaemonEnvironment): PATH, HOSTNAME and, with a TTY, TERM first, then
 * the image's Env and the service's environment replacing a variable in
 * place or appending it. HOME comes last from the user's passwd entry when
 * nothing set it, as runc adds it at exec time.
 */
import { DEFAULT_PATH } from './defaults.js';

function keyOf(entry: string): string {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry : entry.slice(0, eq);
}

/** Docker's ReplaceOrAppendEnvValues: `KEY=V` replaces or appends, a bare `KEY` removes. */
export function replaceOrAppend(base: readonly string[], overrides: readonly string[]): string[] {
  const out = [...base];
  for (const o of overrides) {
    const key = keyOf(o);
    const at = out.findIndex((e) => keyOf(e) === key);
    if (!o.includes('=')) {
      if (at !== -1) out.splice(at, 1);
      continue;
    }
    if (at === -1) out.push(o);
    else out[at] = o;
  }
  return out;
}

export function buildEnv(imageEnv: readonly string[], serviceEnv: readonly string[], hostname: string, tty: boolean, home: string): string[] {
  const base = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`];
  if (tty) base.push('TERM=xterm');
  const env = replaceOrAppend(replaceOrAppend(base, imageEnv), serviceEnv);
  if (!env.some((e) => keyOf(e) === 'HOME')) env.push(`HOME=${home}`);
  return env;
}
