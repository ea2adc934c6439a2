/**
 * The supervisor's socket server: answers status and reload, streams events
 * and logs to every CLI attached, and shuts the process down on `stop`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import type { ProjectStore } from '../state/project-store.js';
import { lineReader, type Answer, type Request } from './protocol.js';
import type { ProjectMonitor } from './monitor.js';
import type { SupervisorPorts } from './ports.js';

export interface ServerDeps {
  project: string;
  socketPath: string;
  monitor: ProjectMonitor;
  store: ProjectStore;
  ports: SupervisorPorts;
  version: string;
  /** Stops watching: once it settles no restart is under way and none will start. */
  onStop(): Promise<void>;
  /** Called once `stop` was answered: the process ends. */
  onStopped(): void;
  /** After each reload of the records. */
  onLoaded?(): void;
}

export function startServer(d: ServerDeps): Promise<Server> {
  rmSync(d.socketPath, { force: true });
  const server = createServer((socket) => serve(socket, d));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(d.socketPath, () => resolve(server));
  });
}

function send(socket: Socket, a: Answer): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(a)}\n`);
}

function serve(socket: Socket, d: ServerDeps): void {
  const cleanups: Array<() => void> = [];
  socket.on('close', () => cleanups.forEach((c) => c()));
  socket.on('error', () => undefined);
  socket.on('data', lineReader((v) => void handle(v as Request, socket, d, cleanups), () => send(socket, { id: 0, error: 'bad request: not JSON' })));
}

async function handle(req: Request, socket: Socket, d: ServerDeps, cleanups: Array<() => void>): Promise<void> {
  try {
    switch (req.method) {
      case 'ping':
        return send(socket, { id: req.id, result: { project: d.project, pid: process.pid, version: d.version } });
      case 'status':
        return send(socket, { id: req.id, result: d.monitor.status() });
      case 'reload':
        await d.monitor.load(d.store.read(d.project)?.containers ?? []);
        d.onLoaded?.();
        return send(socket, { id: req.id, result: 'ok' });
      case 'events':
        cleanups.push(d.monitor.onEvent((event) => send(socket, { id: req.id, event })));
        return;
      case 'logs':
        return streamLogs(req, socket, d, cleanups);
      case 'stop':
        // 'stopped' (older supervisors said 'stopping' first) lets the CLI go on while this process exits.
        await d.onStop();
        send(socket, { id: req.id, result: 'stopped' });
        socket.end(() => d.onStopped());
        return;
      default:
        return send(socket, { id: req.id, error: `unknown method ${JSON.stringify(req.method)}` });
    }
  } catch (e) {
    send(socket, { id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Each container's log, interleaved as lines come; with follow it goes on until the CLI hangs up. */
async function streamLogs(req: Request, socket: Socket, d: ServerDeps, cleanups: Array<() => void>): Promise<void> {
  const p = req.params ?? {};
  const names = Array.isArray(p.containers) ? p.containers.map(String) : (d.store.read(d.project)?.containers.map((c) => c.name) ?? []);
  const ctl = new AbortController();
  cleanups.push(() => ctl.abort());
  const opts = { follow: p.follow === true, signal: ctl.signal, ...(typeof p.tail === 'number' ? { tail: p.tail } : {}), ...(typeof p.since === 'string' ? { since: p.since } : {}) };
  await Promise.all(names.map(async (name) => {
    for await (const log of d.ports.logs(name, opts)) send(socket, { id: req.id, log });
  }));
  send(socket, { id: req.id, end: true });
}
