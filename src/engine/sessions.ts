/**
 * exec and attach. An exec session's process.json is the container's own
 * process with the session's arguments, environment, user and working
 * directory, as `docker exec` derives it; the monitor's exec helper runs it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineDeps } from './deps.js';
import type { AttachHandle, ExecHandle, ExecOptions } from './engine.js';
import { ContainerStateError, RuntimeError } from './errors.js';
import { readInRoot, hostBoundingCaps } from './host-facts.js';
import { attachTo } from './monitor/attach-client.js';
import { startDetachedExec, startExec, type ExecLaunch } from './monitor/exec-session.js';
import { runtimeMessage } from './runtime/oci-cli.js';
import { fitToHost, resolveCapabilities } from './spec/capabilities.js';
import { replaceOrAppend } from './spec/env.js';
import type { OciProcess, OciSpec } from './spec/oci.js';
import { capabilitySets } from './spec/process.js';
import { resolveUser } from './spec/user.js';
import { containerPaths, type ContainerRecord } from './state.js';
import { readState } from './status.js';

/** The process could not be started; exitCode is Docker's (127 not found, 126 not executable or other). */
export class ExecStartError extends RuntimeError {
  constructor(message: string, exitCode: number) {
    super(message, { exitCode });
  }
}

export function execProcess(spec: OciSpec, o: ExecOptions, rootfs: string): OciProcess {
  const base = spec.process;
  const proc: OciProcess = { ...base, args: [...o.args], env: replaceOrAppend(base.env, o.env ?? []), cwd: o.workdir || base.cwd, terminal: o.tty === true };
  if (o.user !== undefined && o.user !== '') {
    const u = resolveUser(o.user, readInRoot(rootfs, '/etc/passwd'), readInRoot(rootfs, '/etc/group'));
    proc.user = { uid: u.uid, gid: u.gid, additionalGids: u.additionalGids };
  }
  const caps = o.privileged === true ? fitToHost(resolveCapabilities({ privileged: true }), hostBoundingCaps(), []) : (base.capabilities?.bounding ?? []);
  proc.capabilities = capabilitySets(caps, proc.user.uid);
  if (o.args.length === 0) throw new ContainerStateError('exec', 'No exec command specified');
  return proc;
}

function startFailure(e: unknown): ExecStartError {
  const msg = runtimeMessage((e as Error).message);
  const code = /executable file not found|no such file or directory/i.test(msg) ? 127 : 126;
  return new ExecStartError(`OCI runtime exec failed: ${msg}`, code);
}

export async function execIn(deps: EngineDeps, rec: ContainerRecord, o: ExecOptions): Promise<ExecHandle> {
  const state = await readState(deps, rec);
  if (state.paused) throw new ContainerStateError(rec.name, `Container ${rec.id} is paused, unpause the container before exec`);
  if (!state.running) throw new ContainerStateError(rec.name, `Container ${rec.id} is not running`);
  const p = containerPaths(deps.roots, rec.id);
  const spec = JSON.parse(readFileSync(p.config, 'utf8')) as OciSpec;
  const execId = process.getBuiltinModule('node:crypto').randomBytes(32).toString('hex');
  const dir = join(p.exec, execId);
  mkdirSync(dir, { recursive: true });
  const processFile = join(dir, 'process.json');
  writeFileSync(processFile, JSON.stringify(execProcess(spec, o, p.rootfs)));
  const launch: ExecLaunch = { binary: deps.monitorBinary, runtime: deps.runtimeFor(rec.runtime), id: rec.id, dir, processFile, tty: o.tty === true, stdin: o.stdin === true };
  if (o.detach === true) {
    const started = await startDetachedExec(deps.runner, launch).catch((e: unknown) => {
      throw startFailure(e);
    });
    return { execId, pid: started.pid, stdin: null, stdout: null, stderr: null, resize: () => undefined, exit: started.exit };
  }
  const s = startExec(deps.spawner, launch);
  const exit = s.exit.finally(() => rmSync(dir, { recursive: true, force: true }));
  const pid = await s.pid.catch((e: unknown) => {
    throw startFailure(e);
  });
  return { execId, pid, stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, resize: s.resize, exit };
}

export async function attachContainer(deps: EngineDeps, rec: ContainerRecord): Promise<AttachHandle> {
  const state = await readState(deps, rec);
  if (state.status === 'exited') throw new ContainerStateError(rec.name, 'You cannot attach to a stopped container, start it first');
  const a = await attachTo(containerPaths(deps.roots, rec.id).run);
  return {
    stdout: a.stdout,
    stderr: a.stderr,
    write: a.write,
    closeStdin: a.closeStdin,
    resize: a.resize,
    exit: a.exit.then((r) => (r === undefined ? undefined : { exitCode: r.exitCode, oomKilled: r.oomKilled })),
    detach: a.detach,
  };
}
