/**
 * Whole builds on the in-memory executor. RUN steps go to a tiny
 * interpreter of the commands these tests use (`echo`, `echo x > f`, `rm`,
 * `mkdir -p`, `cat`, `pwd`, `id`, `exit N`, joined by `&&`), which sees the
 * user, working directory and environment the step runs with.
 */
import { loadDockerfile } from '../../../src/build/load-dockerfile.js';
import type { ContextSource } from '../../../src/build/context/source.js';
import { FakeExecutor } from '../../../src/build/exec/fake-executor.js';
import type { FakeRootfs } from '../../../src/build/exec/fake-fs.js';
import type { RunSpec } from '../../../src/build/exec/executor.js';
import { PlainProgress } from '../../../src/build/exec/progress.js';
import { runBuild, type BuildResult } from '../../../src/build/exec/run-build.js';
import { goClean } from '../../../src/build/ignore/go-path.js';
import { resolveOwner } from '../../../src/build/plan/chown.js';
import type { BuildRequest } from '../../../src/build/plan/types.js';
import { amd64 } from './plan-support.js';

export const passwd = 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n';
export const group = 'root:x:0:\napp:x:1000:\nstaff:x:50:\n';

export function baseExecutor(): FakeExecutor {
  const ex = new FakeExecutor(miniShell);
  ex.addImage('busybox:1', { config: { Env: ['PATH=/bin'], Cmd: ['sh'] }, files: { '/bin/sh': { mode: 0o755 }, '/etc/passwd': passwd, '/etc/group': group, '/tmp': { type: 'dir', mode: 0o1777 } } });
  return ex;
}

function text(fs: FakeRootfs, path: string): string | undefined {
  const d = fs.get(path)?.data;
  return d === undefined ? undefined : new TextDecoder().decode(d);
}

export function miniShell(spec: RunSpec, fs: FakeRootfs, out: (line: string) => void): number {
  const script = spec.args[spec.args.length - 1] ?? '';
  const abs = (p: string): string => goClean(p.startsWith('/') ? p : `${spec.workdir}/${p}`);
  const env = new Map(spec.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const expand = (s: string): string => s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, k: string) => env.get(k) ?? '');
  const owner = resolveOwner(spec.user === '' ? '0' : spec.user, text(fs, '/etc/passwd'), text(fs, '/etc/group'));
  for (const raw of script.split('&&').map((c) => c.trim())) {
    const cmd = expand(raw);
    let m: RegExpExecArray | null;
    if ((m = /^exit (\d+)$/.exec(cmd))) return Number(m[1]);
    if ((m = /^echo (.*) > (\S+)$/.exec(cmd))) fs.set(abs(m[2] as string), { type: 'file', mode: 0o644, ...owner, data: new TextEncoder().encode(`${m[1] as string}\n`) });
    else if ((m = /^echo ?(.*)$/.exec(cmd))) out(m[1] as string);
    else if ((m = /^rm -?r?f? ?(\S+)$/.exec(cmd))) fs.remove(abs(m[1] as string));
    else if ((m = /^mkdir -p (\S+)$/.exec(cmd))) fs.mkdirAll(abs(m[1] as string), owner);
    else if ((m = /^cat (\S+)$/.exec(cmd))) {
      const t = text(fs, abs(m[1] as string));
      if (t === undefined) {
        out(`cat: can't open '${m[1] as string}': No such file or directory`);
        return 1;
      }
      for (const l of t.replace(/\n$/, '').split('\n')) out(l);
    } else if (cmd === 'pwd') out(spec.workdir);
    else if (cmd === 'id') out(`uid=${owner.uid} gid=${owner.gid}`);
    else if (cmd === 'true' || cmd === '') continue;
    else {
      out(`sh: ${cmd.split(' ')[0] as string}: not found`);
      return 127;
    }
  }
  return 0;
}

export interface BuildRun {
  result: BuildResult;
  output: string;
}

export async function build(executor: FakeExecutor, dockerfile: string, context: ContextSource, opts: Partial<BuildRequest> & { noCache?: boolean; pull?: boolean; tags?: string[]; prefix?: string } = {}): Promise<BuildRun> {
  const loaded = loadDockerfile(dockerfile);
  let output = '';
  const request: BuildRequest = {
    file: 'Dockerfile', model: loaded.model, context, namedContexts: new Map(), namedImages: new Map(), buildArgs: {}, buildPlatform: amd64, targetPlatform: amd64, ...opts,
  };
  const progress = new PlainProgress({ write: (s) => (output += s) }, { now: () => 0, ...(opts.prefix === undefined ? {} : { prefix: opts.prefix }) });
  const result = await runBuild({ request, dockerfile, executor, progress, noCache: opts.noCache === true, pull: opts.pull === true, tags: opts.tags ?? ['tsctb-app'] });
  return { result, output };
}

export async function buildOutput(executor: FakeExecutor, dockerfile: string, context: ContextSource, opts: Parameters<typeof build>[3] = {}): Promise<string> {
  let output = '';
  try {
    output = (await build(executor, dockerfile, context, opts)).output;
  } catch (e) {
    return `${(e as Error).message}`;
  }
  return output;
}
