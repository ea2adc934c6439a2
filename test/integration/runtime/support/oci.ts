/**
 * Driving a runtime through the OCI command line from tests. Every call
 * sends stdout and stderr to files, not pipes: a container created by
 * `create` inherits them, and a pipe would keep the call from returning
 * until the container exits.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OciRuntime } from './runtimes.js';

export interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

export interface OciState {
  ociVersion: string;
  id: string;
  pid: number;
  status: string;
  bundle: string;
}

export class RuntimeSession {
  readonly root: string;
  private readonly scratch: string;
  private readonly ids = new Set<string>();

  constructor(readonly rt: OciRuntime) {
    this.root = mkdtempSync(`/tmp/tsctr-root-${rt.name}-`);
    this.scratch = mkdtempSync('/tmp/tsctr-out-');
  }

  /** A fresh container id, removed by cleanup() if a test leaves it behind. */
  id(): string {
    const id = `tsctr-${this.rt.name}-${Math.random().toString(36).slice(2, 10)}`;
    this.ids.add(id);
    return id;
  }

  run(args: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Result {
    const out = join(this.scratch, `out-${Math.random().toString(36).slice(2)}`);
    const err = `${out}.err`;
    const fdOut = openSync(out, 'w');
    const fdErr = openSync(err, 'w');
    const [cmd, ...lead] = this.rt.command;
    const r = spawnSync(cmd as string, [...lead, '--root', this.root, ...args], {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', fdOut, fdErr],
      input: opts.input,
      timeout: opts.timeoutMs ?? 30_000,
      env: opts.env ?? process.env,
    });
    closeSync(fdOut);
    closeSync(fdErr);
    const result = { status: r.status ?? (r.signal ? 128 : 1), stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
    rmSync(out, { force: true });
    rmSync(err, { force: true });
    return result;
  }

  state(id: string): OciState | undefined {
    const r = this.run(['state', id]);
    return r.status === 0 ? (JSON.parse(r.stdout) as OciState) : undefined;
  }

  /** Removes every container this session made and its state directory. */
  cleanup(): void {
    for (const id of this.ids) this.run(['delete', '--force', id]);
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** Polls until check returns a value other than undefined or false, or throws after timeoutMs. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 100);
  }
}

/** The JSON document a payload printed (the last line that parses). */
export function payloadJson<T = Record<string, unknown>>(stdout: string): T {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line) as T;
    } catch {
      // runtimes may print warnings around the payload's output
    }
  }
  throw new Error(`no JSON in payload output: ${stdout.slice(0, 500)}`);
}
