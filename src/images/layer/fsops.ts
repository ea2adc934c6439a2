/**
 * The Node side of native/fsops (tscompose-fsops): one helper process per
 * layer, started on the first operation Node cannot do itself (device nodes,
 * fifos, whiteouts, opaque directories, xattrs). Each operation waits for
 * its answer, so the tree is in a known state whenever Node touches it next.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { nativeBinary } from '../../host/native.js';

/** child_process on the first special operation: most layers and every warm pull need none. */
const childProcess = (): typeof import('node:child_process') => process.getBuiltinModule('node:child_process');

export class FsopsError extends Error {
  readonly errno: number;
  constructor(message: string, errno: number) {
    super(message);
    this.errno = errno;
  }
}

/** native/build/tscompose-fsops, found as every native program is (src/host/native.ts). */
export function fsopsPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const found = nativeBinary('tscompose-fsops', env);
  if (found !== undefined) return found;
  throw new FsopsError('tscompose-fsops (native/build) is not built: run npm install, which runs make -C native', 2);
}

export interface SpecialOps {
  mknod(path: string, kind: 'c' | 'b' | 'p', mode: number, major: number, minor: number, uid: number, gid: number, mtime: number): Promise<void>;
  whiteout(path: string, uid: number, gid: number): Promise<void>;
  opaque(path: string): Promise<void>;
  xattr(path: string, name: string, value: Buffer): Promise<void>;
  close(): Promise<void>;
}

export function specialOps(root: string): SpecialOps {
  let child: ChildProcessWithoutNullStreams | undefined;
  let exited: Promise<number> | undefined;
  let buffered = '';
  const waiting: Array<(line: string) => void> = [];
  let stderr = '';

  const start = (): ChildProcessWithoutNullStreams => {
    const c = childProcess().spawn(fsopsPath(), ['apply', root], { stdio: ['pipe', 'pipe', 'pipe'] });
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (d: string) => {
      buffered += d;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        waiting.shift()?.(line);
      }
    });
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = new Promise((res) => c.on('close', (code) => {
      for (const w of waiting.splice(0)) w(`error 5 tscompose-fsops exited: ${stderr.trim()}`);
      res(code ?? 1);
    }));
    c.on('error', (e) => (stderr += e.message));
    return c;
  };

  const send = (fields: readonly string[]): Promise<void> => {
    child ??= start();
    const c = child;
    return new Promise((res, rej) => {
      waiting.push((line) => {
        if (line === 'ok') return res();
        const m = /^error (\d+) (.*)$/.exec(line);
        rej(new FsopsError(m?.[2] ?? line, Number(m?.[1] ?? 5)));
      });
      c.stdin.write(fields.map((f) => `${f}\0`).join(''));
    });
  };

  return {
    mknod: (path, kind, mode, major, minor, uid, gid, mtime) => {
      const sec = Math.floor(mtime);
      const nsec = Math.round((mtime - sec) * 1e9);
      return send(['mknod', path, kind, mode.toString(8), String(major), String(minor), String(uid), String(gid), String(sec), String(nsec)]);
    },
    whiteout: (path, uid, gid) => send(['whiteout', path, String(uid), String(gid)]),
    opaque: (path) => send(['opaque', path]),
    xattr: (path, name, value) => send(['xattr', path, name, value.toString('hex')]),
    close: async () => {
      if (child === undefined) return;
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new FsopsError(`tscompose-fsops failed: ${stderr.trim()}`, 5);
    },
  };
}

/** Every xattr under a tree, keyed by path relative to it ('.' for the root). */
export async function listXattrs(root: string): Promise<Map<string, Map<string, Buffer>>> {
  const c = childProcess().spawn(fsopsPath(), ['xattrs', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  c.stdout.on('data', (d: Buffer) => out.push(d));
  c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((res, rej) => {
    c.on('error', rej);
    c.on('close', (n) => res(n ?? 1));
  });
  if (code !== 0) throw new FsopsError(`tscompose-fsops xattrs ${root}: ${stderr.trim()}`, 5);
  const fields = Buffer.concat(out).toString('latin1').split('\0');
  const result = new Map<string, Map<string, Buffer>>();
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const path = Buffer.from(fields[i] ?? '', 'latin1').toString('utf8');
    const name = fields[i + 1] ?? '';
    const byPath = result.get(path) ?? new Map<string, Buffer>();
    byPath.set(name, Buffer.from(fields[i + 2] ?? '', 'hex'));
    result.set(path, byPath);
  }
  return result;
}
