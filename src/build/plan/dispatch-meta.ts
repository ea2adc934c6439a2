/**
 * The instructions that only change the image configuration or the stage's
 * environment: ENV, ARG, LABEL, MAINTAINER, USER, VOLUME, STOPSIGNAL,
 * EXPOSE, CMD, ENTRYPOINT, HEALTHCHECK, SHELL, ONBUILD. Which of them expand
 * variables is BuildKit's rule: CMD, ENTRYPOINT, HEALTHCHECK, SHELL, ONBUILD
 * and MAINTAINER are taken literally.
 */
import { goQuoteList } from '../go-quote.js';
import type { Instruction } from '../instructions/types.js';
import { goFormatDuration } from '../go-duration.js';
import { stageArgValue } from './args.js';
import { addEnv, withShell, type HealthcheckConfig, type ImageSpec } from './image-config.js';
import { parseExposedPort } from './ports.js';
import { checkSignal } from './signal.js';
import type { PlanContext, StageState } from './state.js';

export function expandWord(ctx: PlanContext, st: StageState, word: string): string {
  return ctx.lex.processWord(word, st.env).result;
}

function history(img: ImageSpec, createdBy: string, emptyLayer = true): void {
  img.history.push({ created_by: createdBy, comment: 'buildkit.dockerfile.v0', ...(emptyLayer ? { empty_layer: true } : {}) });
}

/** Applies a configuration instruction; false when `cmd` is not one. */
export function dispatchMeta(ctx: PlanContext, st: StageState, cmd: Instruction): boolean {
  const cfg = st.image.config;
  const x = (w: string): string => expandWord(ctx, st, w);
  switch (cmd.kind) {
    case 'env': {
      const parts: string[] = [];
      for (const e of cmd.env) {
        const [k, v] = [x(e.key), x(e.value)];
        st.env = st.env.with(k, v);
        cfg.Env = addEnv(cfg.Env, k, v);
        parts.push(`${k}=${v}`);
      }
      history(st.image, `ENV ${parts.join(' ')}`);
      return true;
    }
    case 'label': {
      const parts: string[] = [];
      cfg.Labels ??= {};
      for (const l of cmd.labels) {
        const [k, v] = [x(l.key), x(l.value)];
        cfg.Labels[k] = v;
        parts.push(`${k}=${v}`);
      }
      history(st.image, `LABEL ${parts.join(' ')}`);
      return true;
    }
    case 'maintainer':
      st.image.author = cmd.maintainer;
      history(st.image, `MAINTAINER ${cmd.maintainer}`);
      return true;
    case 'user':
      cfg.User = x(cmd.user);
      history(st.image, `USER ${cfg.User}`);
      return true;
    case 'arg':
      dispatchArg(ctx, st, cmd.args);
      return true;
    default:
      return dispatchMoreMeta(ctx, st, cmd, x);
  }
}

function dispatchMoreMeta(ctx: PlanContext, st: StageState, cmd: Instruction, x: (w: string) => string): boolean {
  const cfg = st.image.config;
  switch (cmd.kind) {
    case 'volume': {
      const vols = cmd.volumes.map(x);
      cfg.Volumes ??= {};
      for (const v of vols) cfg.Volumes[v] = {};
      history(st.image, `VOLUME [${vols.join(' ')}]`);
      return true;
    }
    case 'stopsignal': {
      const sig = x(cmd.signal);
      checkSignal(sig);
      cfg.StopSignal = sig;
      history(st.image, `STOPSIGNAL ${sig}`);
      return true;
    }
    case 'expose': {
      const ports = cmd.ports.flatMap((p) => ctx.lex.processWords(p, st.env)).flatMap(parseExposedPort);
      cfg.ExposedPorts ??= {};
      for (const p of ports) cfg.ExposedPorts[p] = {};
      history(st.image, `EXPOSE map[${ports.map((p) => `${p}:{}`).join(' ')}]`);
      return true;
    }
    case 'onbuild':
      cfg.OnBuild = [...(cfg.OnBuild ?? []), cmd.expression];
      return true;
    default:
      return dispatchCommandConfig(st, cmd);
  }
}

function dispatchCommandConfig(st: StageState, cmd: Instruction): boolean {
  const cfg = st.image.config;
  switch (cmd.kind) {
    case 'cmd':
      cfg.Cmd = cmd.prependShell ? withShell(st.image, cmd.cmdLine) : [...cmd.cmdLine];
      cfg.ArgsEscaped = true;
      st.cmdSet = true;
      history(st.image, `CMD ${goQuoteList(cfg.Cmd)}`);
      return true;
    case 'entrypoint':
      cfg.Entrypoint = cmd.prependShell ? withShell(st.image, cmd.cmdLine) : cmd.cmdLine.length === 0 ? null : [...cmd.cmdLine];
      if (!st.cmdSet) cfg.Cmd = null;
      history(st.image, `ENTRYPOINT ${goQuoteList(cfg.Entrypoint ?? [])}`);
      return true;
    case 'healthcheck':
      cfg.Healthcheck = healthcheck(cmd.health);
      history(st.image, `HEALTHCHECK ${healthText(cfg.Healthcheck)}`);
      return true;
    case 'shell':
      cfg.Shell = [...cmd.shell];
      history(st.image, `SHELL [${cmd.shell.join(' ')}]`);
      return true;
    default:
      return false;
  }
}

function healthcheck(h: Extract<Instruction, { kind: 'healthcheck' }>['health']): HealthcheckConfig {
  const out: HealthcheckConfig = { Test: [...h.test] };
  if (h.interval !== 0) out.Interval = h.interval;
  if (h.timeout !== 0) out.Timeout = h.timeout;
  if (h.startPeriod !== 0) out.StartPeriod = h.startPeriod;
  if (h.startInterval !== 0) out.StartInterval = h.startInterval;
  if (h.retries !== 0) out.Retries = h.retries;
  return out;
}

function healthText(h: HealthcheckConfig): string {
  const d = (n: number | undefined): string => goFormatDuration(n ?? 0);
  return `{Test:[${h.Test.join(' ')}] Interval:${d(h.Interval)} Timeout:${d(h.Timeout)} StartPeriod:${d(h.StartPeriod)} StartInterval:${d(h.StartInterval)} Retries:${h.Retries ?? 0}}`;
}

/** ARG in a stage: build arg, expanded default, or the global value of a bare redeclaration. */
function dispatchArg(ctx: PlanContext, st: StageState, args: ReadonlyArray<{ key: string; value?: string }>): void {
  const parts: string[] = [];
  for (const arg of args) {
    const value = stageArgValue(arg, ctx.argInputs, ctx.global, (w) => expandWord(ctx, st, w));
    if (value !== undefined) st.env = st.env.with(arg.key, value);
    st.args.push(value === undefined ? { key: arg.key } : { key: arg.key, value });
    parts.push(value === undefined ? arg.key : `${arg.key}=${value}`);
  }
  history(st.image, `ARG ${parts.join(' ')}`);
}

export { history };
