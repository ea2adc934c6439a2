/**
 * RUN: the command is not expanded by the builder (the shell does that at
 * run time, with the stage's environment); only --mount values are. Shell
 * form gets SHELL in front; a heredoc becomes the script (a shebang one is
 * mounted as a file and executed), and the step's key holds the command
 * with the declared build args in front, as the classic builder keys it.
 */
import { DockerfileError } from '../errors.js';
import { parseHeredoc, chompHeredocContent } from '../dockerfile/heredoc.js';
import { parseRunMount } from '../instructions/run-mount.js';
import type { Instruction, RunMount } from '../instructions/types.js';
import { proxyEnv } from './args.js';
import { stepKey } from './cache-key.js';
import { history } from './dispatch-meta.js';
import { envKey, withShell } from './image-config.js';
import { sourceRefFor } from './dispatch-from.js';
import { addStep, stepName, uppercaseCmd, type PlanContext, type StageState } from './state.js';
import type { RunOp } from './types.js';

type RunInstruction = Extract<Instruction, { kind: 'run' }>;

export function dispatchRun(ctx: PlanContext, st: StageState, cmd: RunInstruction): void {
  if (cmd.security === 'insecure' && !(ctx.req.entitlements ?? []).includes('security.insecure')) {
    throw new DockerfileError('granting entitlement security.insecure is not allowed by build daemon configuration', undefined, undefined, {
      hint: 'grant it with build.entitlements: [security.insecure]',
    });
  }
  const mounts = cmd.mountSpecs.map((spec) => expandMount(ctx, st, spec));
  let args = cmd.cmdLine;
  let display = cmd.code;
  const files: RunOp['files'] = [];
  if (cmd.files.length > 0) {
    if (args.length !== 1 || !cmd.prependShell) throw new DockerfileError(`parsing produced an invalid run command: [${args.join(' ')}]`, undefined, undefined);
    ({ args, display } = heredocScript(cmd, files));
  }
  const argv = cmd.prependShell ? withShell(st.image, args) : [...args];
  const declared = declaredArgs(st);
  const proxies = proxyEnv(ctx.req.buildArgs).filter(([k]) => !st.args.some((a) => a.key === k));
  const op: RunOp = {
    args: argv,
    env: [...st.env.toStrings(), ...proxies.map(([k, v]) => `${k}=${v}`)],
    user: st.image.config.User ?? '',
    workdir: st.image.config.WorkingDir ?? '/',
    network: cmd.network === 'default' ? (ctx.req.network ?? 'default') : cmd.network,
    security: cmd.security,
    mounts,
    files,
  };
  const keyCmd = declared.length > 0 ? [`|${declared.length}`, ...declared, ...argv] : argv;
  const key = stepKey(st.key, st.image, keyCmd, {
    env: st.env.toStrings(), network: op.network, security: op.security, mounts: cmd.mountSpecs.map((s) => expandSpec(ctx, st, s)), files,
  });
  const shown = ctx.lex.with({ rawQuotes: true, skipUnsetEnv: true });
  const name = stepName(st, uppercaseCmd(safeExpand(() => shown.processWord(display, st.env).result, display)));
  addStep(st, name, cmd, { kind: 'run', run: op }, key);
  history(st.image, `RUN ${[...(declared.length > 0 ? [`|${declared.length}`, ...declared] : []), ...argv].join(' ')} # buildkit`, false);
}

function safeExpand(fn: () => string, fallback: string): string {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** `K=V` of the declared ARGs with a value that ENV does not override, sorted (classic builder). */
function declaredArgs(st: StageState): string[] {
  const envKeys = new Set((st.image.config.Env ?? []).map(envKey));
  const latest = new Map<string, string>();
  for (const a of st.args) if (a.value !== undefined && !envKeys.has(a.key)) latest.set(a.key, st.env.get(a.key) ?? a.value);
  return [...latest].map(([k, v]) => `${k}=${v}`).sort();
}

function heredocScript(cmd: RunInstruction, files: RunOp['files']): { args: string[]; display: string } {
  const first = cmd.files[0] as RunInstruction['files'][number];
  const line = cmd.cmdLine[0] as string;
  if (parseHeredoc(line) === undefined) {
    // `RUN python3 <<EOF`: the shell reads the heredoc itself.
    return { args: [line + cmd.files.map((f) => `\n${f.data}${f.name}`).join('')], display: cmd.code };
  }
  const data = first.chomp ? chompHeredocContent(first.data) : first.data;
  const display = `${cmd.code} (${summarizeHeredoc(first.data)})`;
  if (data.startsWith('#!')) {
    const path = `/dev/pipes/${first.name}`;
    files.push({ path, data, mode: 0o755 });
    return { args: [path], display };
  }
  return { args: [data], display };
}

export function summarizeHeredoc(doc: string): string {
  const lines = doc.trim().replaceAll('\r\n', '\n').split('\n');
  return lines.length > 1 ? `${lines[0] as string}...` : (lines[0] as string);
}

function expandSpec(ctx: PlanContext, st: StageState, spec: string): string {
  return ctx.lex.processWord(spec, st.env).result;
}

function expandMount(ctx: PlanContext, st: StageState, spec: string): RunMount & { fromRef?: RunOp['mounts'][number]['fromRef'] } {
  const m = parseRunMount(spec, (w) => ctx.lex.processWord(w, st.env).result);
  if (m.type === 'bind' && m.target === '') throw new DockerfileError('mount target is required', undefined, undefined);
  if (m.from === '') return m;
  return { ...m, fromRef: sourceRefFor(ctx, st, m.from) };
}

