/**
 * What the engine says about a container, in the words exec and the
 * supervisor use (ContainerStatus), and the supervisor's ports over the
 * engine: inspect, exec (healthcheck probes), start (restart policies), logs.
 */
import type { ContainerEngine, ContainerInspect } from '../engine/index.js';
import type { ContainerStatus } from '../exec/ports.js';
import type { ExecResult, LogEntry, SupervisorPorts } from './ports.js';

export function statusOf(c: ContainerInspect): ContainerStatus {
  const s = c.state;
  return {
    name: c.name,
    id: c.id,
    state: s.status,
    exitCode: s.exitCode,
    restartCount: s.restartCount,
    ...(s.startedAt === '' ? {} : { startedAt: s.startedAt }),
    ...(s.finishedAt === '' ? {} : { finishedAt: s.finishedAt }),
  };
}

export async function inspectByName(engine: ContainerEngine, name: string): Promise<ContainerInspect | undefined> {
  const id = await engine.find(name);
  return id === undefined ? undefined : engine.inspect(id);
}

/** Runs a probe to its end (or the signal's abort), its stdout and stderr together as docker keeps a probe's output. */
async function probe(engine: ContainerEngine, name: string, cmd: readonly string[], signal: AbortSignal): Promise<ExecResult> {
  const id = await engine.find(name);
  if (id === undefined) return { exitCode: -1, output: `no such container: ${name}` };
  const h = await engine.exec(id, { args: [...cmd] });
  let output = '';
  const take = (b: Buffer): void => {
    if (output.length < 4096) output += b.toString();
  };
  h.stdout?.on('data', take);
  h.stderr?.on('data', take);
  const aborted = new Promise<ExecResult>((resolve) => {
    const onAbort = (): void => {
      if (h.pid > 0) {
        try {
          process.kill(h.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      resolve({ exitCode: -1, output });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([h.exit.then((e) => ({ exitCode: e.exitCode, output })), aborted]);
}

async function* logsOf(engine: ContainerEngine, name: string, opts: Parameters<SupervisorPorts['logs']>[1]): AsyncIterable<LogEntry> {
  const id = await engine.find(name);
  if (id === undefined) return;
  const o = { follow: opts.follow, signal: opts.signal, ...(opts.tail === undefined ? {} : { tail: opts.tail }), ...(opts.since === undefined ? {} : { since: opts.since }) };
  for await (const e of engine.logs(id, o)) yield { container: name, stream: e.stream, time: e.time, line: e.text.replace(/\n$/, '') };
}

export function supervisorPortsOver(engine: () => Promise<ContainerEngine>): SupervisorPorts {
  return {
    async inspect(name) {
      const c = await inspectByName(await engine(), name);
      return c === undefined ? undefined : statusOf(c);
    },
    async exec(name, cmd, opts) {
      return probe(await engine(), name, cmd, opts.signal);
    },
    async start(name) {
      const e = await engine();
      const id = await e.find(name);
      if (id !== undefined) await e.start(id);
    },
    async *logs(name, opts) {
      yield* logsOf(await engine(), name, opts);
    },
  };
}
