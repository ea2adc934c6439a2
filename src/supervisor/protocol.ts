/**
 * The supervisor's socket protocol: one JSON object per line each way.
 *
 * Layout (run/projects/<project>/, beside the lock):
 *   supervisor.sock   the unix socket
 *   supervisor.pid    {"version":1,"pid":N,"startTime":N}
 *   supervisor.log    what the detached process prints
 *
 * Requests are `{"id":1,"method":"status"}`; answers carry the same id and
 * `result` or `error`. Streams (`events`, `logs`) answer with many lines,
 * `{"id":2,"event":{...}}` or `{"id":3,"log":{...}}`, and `logs` without
 * follow ends with `{"id":3,"end":true}`.
 */
import { join } from 'node:path';

export type Method = 'ping' | 'status' | 'reload' | 'stop' | 'events' | 'logs';

export interface Request {
  id: number;
  method: Method;
  params?: Record<string, unknown>;
}

export type Answer =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { id: number; event: unknown }
  | { id: number; log: unknown }
  | { id: number; end: true };

export function supervisorPaths(runRoot: string, project: string): { dir: string; socket: string; pid: string; log: string } {
  const dir = join(runRoot, 'projects', project);
  return { dir, socket: join(dir, 'supervisor.sock'), pid: join(dir, 'supervisor.pid'), log: join(dir, 'supervisor.log') };
}

/** Splits a byte stream into lines and parses each; a line that is not JSON is reported, not thrown. */
export function lineReader(onValue: (v: unknown) => void, onBad: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() !== '') {
        try {
          onValue(JSON.parse(line));
        } catch {
          onBad(line);
        }
      }
      nl = pending.indexOf('\n');
    }
  };
}
