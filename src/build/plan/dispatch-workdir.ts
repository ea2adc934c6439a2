/**
 * WORKDIR: relative paths resolve against the current one; the directory is
 * created as a step (owned by USER), except for `/`.
 */
import { goClean } from '../ignore/go-path.js';
import type { Instruction } from '../instructions/types.js';
import { nopCmd, stepKey } from './cache-key.js';
import { history } from './dispatch-meta.js';
import { addStep, stepName, uppercaseCmd, type PlanContext, type StageState } from './state.js';

export function normalizeWorkdir(current: string, wd: string): string {
  return wd.startsWith('/') ? goClean(wd) : goClean(`/${current}/${wd}`);
}

export function dispatchWorkdir(ctx: PlanContext, st: StageState, cmd: Extract<Instruction, { kind: 'workdir' }>): void {
  const wd = normalizeWorkdir(st.image.config.WorkingDir ?? '/', ctx.lex.processWord(cmd.path, st.env).result);
  st.image.config.WorkingDir = wd;
  if (wd === '/') {
    history(st.image, `WORKDIR ${wd}`);
    return;
  }
  const owner = st.image.config.User ?? '';
  const key = stepKey(st.key, st.image, nopCmd(st.image, `WORKDIR ${wd}`), { owner });
  let shown = cmd.code;
  try {
    shown = ctx.lex.processWord(cmd.code, st.env).result;
  } catch {
    // BuildKit shows the instruction as written when it cannot be expanded.
  }
  addStep(st, stepName(st, uppercaseCmd(shown)), cmd, { kind: 'mkdir', mkdir: { path: wd, owner } }, key);
  history(st.image, `WORKDIR ${wd}`, false);
}
