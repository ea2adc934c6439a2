/**
 * One ContainerRuntime for every runtime with the OCI command line
 * (runtime-spec runtime.md, runc's and crun's flags): `state`, `list` and
 * `ps` print JSON; errors come back on stderr, where runc and crun wrap them
 * in logrus-style `level=error msg="..."`, which is unwrapped for the user.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError, type CommandRunner } from '../../host/command.js';
import { RuntimeError } from '../errors.js';
import type { OciResources } from '../spec/oci.js';
import type { ContainerRuntime, RuntimeExecOptions, RuntimeName, RuntimeState } from './types.js';

/** The message inside runc's `time=... level=error msg="..."`, or the text itself. */
export function runtimeMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const msgs = lines.map((l) => {
    const m = /(?:^|\s)msg="((?:[^"\\]|\\.)*)"/.exec(l);
    return m?.[1] === undefined ? l : m[1].replace(/\\(.)/g, '$1');
  });
  return msgs.join('\n');
}

const NOT_FOUND = /does not exist|not found|no such file or directory|container .* not exist/i;

export class OciCliRuntime implements ContainerRuntime {
  readonly globalArgs: readonly string[];

  constructor(
    readonly name: RuntimeName,
    readonly binary: string,
    root: string,
    private readonly runner: CommandRunner,
  ) {
    this.globalArgs = ['--root', root];
  }

  private async run(args: readonly string[], opts: { input?: string; allowFailure?: boolean } = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    try {
      return await this.runner.run(this.binary, [...this.globalArgs, ...args], opts);
    } catch (e) {
      if (e instanceof CommandFailedError) {
        throw new RuntimeError(`${this.name} ${args[0] ?? ''} failed: ${runtimeMessage(e.result.stderr) || `exit code ${e.result.exitCode}`}`, { cause: e });
      }
      throw e;
    }
  }

  async create(id: string, bundle: string, opts: { pidFile?: string; consoleSocket?: string } = {}): Promise<void> {
    const args = ['create', '--bundle', bundle];
    if (opts.pidFile !== undefined) args.push('--pid-file', opts.pidFile);
    if (opts.consoleSocket !== undefined) args.push('--console-socket', opts.consoleSocket);
    await this.run([...args, id]);
  }

  async start(id: string): Promise<void> {
    await this.run(['start', id]);
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    const r = await this.run(['state', id], { allowFailure: true });
    if (r.exitCode !== 0) {
      if (NOT_FOUND.test(r.stderr)) return undefined;
      throw new RuntimeError(`${this.name} state failed: ${runtimeMessage(r.stderr)}`);
    }
    return parseState(r.stdout);
  }

  async kill(id: string, signal: string, opts: { all?: boolean } = {}): Promise<void> {
    await this.run(['kill', ...(opts.all === true ? ['--all'] : []), id, signal.replace(/^SIG/, '')]);
  }

  async delete(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const r = await this.run(['delete', ...(opts.force === true ? ['--force'] : []), id], { allowFailure: true });
    if (r.exitCode !== 0 && !NOT_FOUND.test(r.stderr)) throw new RuntimeError(`${this.name} delete failed: ${runtimeMessage(r.stderr)}`);
  }

  async exec(id: string, opts: RuntimeExecOptions): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const args = ['exec', '--process', opts.processFile];
    if (opts.detach === true) args.push('--detach');
    if (opts.pidFile !== undefined) args.push('--pid-file', opts.pidFile);
    if (opts.consoleSocket !== undefined) args.push('--console-socket', opts.consoleSocket);
    return this.run([...args, id], { allowFailure: true });
  }

  async pause(id: string): Promise<void> {
    await this.run(['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.run(['resume', id]);
  }

  async update(id: string, resources: OciResources): Promise<void> {
    // crun reads -r from a file only, runc also from stdin; a file works for both.
    const dir = mkdtempSync(join(tmpdir(), 'tscompose-update-'));
    try {
      const file = join(dir, 'resources.json');
      writeFileSync(file, JSON.stringify(resources));
      await this.run(['update', '--resources', file, id]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async ps(id: string): Promise<number[]> {
    const r = await this.run(['ps', '--format', 'json', id]);
    const pids = JSON.parse(r.stdout.trim() || '[]') as unknown;
    return Array.isArray(pids) ? pids.filter((p): p is number => typeof p === 'number') : [];
  }

  async list(): Promise<RuntimeState[]> {
    const r = await this.run(['list', '--format', 'json']);
    const text = r.stdout.trim();
    const list = text === '' || text === 'null' ? [] : (JSON.parse(text) as unknown[]);
    return list.map((s) => parseState(JSON.stringify(s)));
  }
}

function parseState(text: string): RuntimeState {
  const s = JSON.parse(text) as Record<string, unknown>;
  return {
    id: String(s.id ?? ''),
    status: String(s.status ?? 'stopped') as RuntimeState['status'],
    pid: typeof s.pid === 'number' ? s.pid : 0,
    bundle: String(s.bundle ?? ''),
  };
}
