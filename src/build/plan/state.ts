/**
 * What a stage carries while its instructions are dispatched, and the
 * vertex names BuildKit gives its steps (`[build 2/10] RUN npm ci`: the
 * index padded to the width of the total).
 */
import type { ContextSource } from '../context/source.js';
import type { LineRange } from '../errors.js';
import type { EnvList } from '../shell/env.js';
import type { ShellLex } from '../shell/lex.js';
import type { ArgInputs } from './args.js';
import type { ImageSpec } from './image-config.js';
import type { Platform } from './platform.js';
import type { StageGraph } from './stages.js';
import type { BuildRequest, PlanNeeds, PlanStage, PlanStep, Resolutions, StepOp } from './types.js';

export interface StageState {
  index: number;
  displayName: string;
  image: ImageSpec;
  /** The environment instructions expand against and RUN gets: image env plus ARG values. */
  env: EnvList;
  /** ARGs declared so far (a base stage's included), in order. */
  args: Array<{ key: string; value?: string }>;
  cmdSet: boolean;
  platform: Platform;
  key: string;
  steps: PlanStep[];
  cmdIndex: number;
  cmdTotal: number;
  /** The instruction being dispatched came from an ONBUILD trigger. */
  onbuild: boolean;
}

export interface PlanContext {
  req: BuildRequest;
  res: Resolutions;
  lex: ShellLex;
  global: EnvList;
  argInputs: ArgInputs;
  graph: StageGraph;
  /** Stages already dispatched, by index, and the state each ended in. */
  done: Map<number, PlanStage>;
  states: Map<number, StageState>;
  needs: PlanNeeds;
  warnings: string[];
  /** The context a COPY without --from reads. */
  context: ContextSource;
}

export function stepName(st: StageState, text: string): string {
  if (st.cmdTotal === 0) return text;
  st.cmdIndex++;
  const width = Math.floor(1 + Math.log10(st.cmdTotal));
  const stage = st.displayName === '' ? '' : `${st.displayName} `;
  return `[${stage}${String(st.cmdIndex).padStart(width, ' ')}/${st.cmdTotal}] ${st.onbuild ? 'ONBUILD ' : ''}${text}`;
}

/** The first word upper-cased, as BuildKit shows instructions written in lower case. */
export function uppercaseCmd(s: string): string {
  const sp = s.indexOf(' ');
  return sp < 0 ? s.toUpperCase() : s.slice(0, sp).toUpperCase() + s.slice(sp);
}

export function addStep(st: StageState, name: string, at: { range: LineRange; code: string }, op: StepOp, key: string): void {
  st.steps.push({ name, code: at.code, range: at.range, op, key, parentKey: st.key, onbuild: st.onbuild });
  st.key = key;
}
