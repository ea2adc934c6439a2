/**
 * The supervisor as a process: started detached by a CLI that then exits,
 * it keeps answering on its socket; stop ends it and removes its socket and
 * pid file; once quiet it pages out its file mappings. It needs no root;
 * the tier's leak check catches one left running.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, request, stopSupervisor } from '../../../src/supervisor/client.js';
import { supervisorPaths } from '../../../src/supervisor/protocol.js';
import { nativeBinary } from '../../../src/host/native.js';
import { eventually } from '../../support/eventually.js';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const bundle = join(repo, 'dist', 'tscompose-supervisor.cjs');
const root = mkdtempSync(join(tmpdir(), 'tsctu-supi-'));
const project = `tsctusup${process.pid}`;
const run = join(root, 'run');

afterAll(async () => {
  await stopSupervisor(run, project).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe.skipIf(!existsSync(bundle))('the project supervisor process', () => {
  it('outlives the CLI that started it, answers on its socket, and stops when asked', async () => {
    const launch = JSON.stringify({ command: process.execPath, args: [bundle], env: { PATH: process.env.PATH ?? '', TSCOMPOSE_ROOT: root } });
    // A short-lived "CLI": it starts the supervisor and exits.
    const script = `import { ensureSupervisor } from ${JSON.stringify(join(repo, 'src', 'supervisor', 'client.ts'))};
      process.stdout.write(await ensureSupervisor(${JSON.stringify(run)}, ${JSON.stringify(project)}, ${launch}));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
    expect(out).toBe('started');
    expect(await isRunning(run, project)).toBe(true);
    const paths = supervisorPaths(run, project);
    const pid = (JSON.parse(readFileSync(paths.pid, 'utf8')) as { pid: number }).pid;
    expect(await request(paths.socket, 'ping')).toMatchObject({ project, pid });
    expect(await request(paths.socket, 'status')).toEqual([]);
    expect(readFileSync(paths.log, 'utf8')).toContain(`project ${project}, pid ${pid}`);
    // Quiet after its loads, it gives back the file pages its start-up touched (page-out.ts); needs the addon.
    if (nativeBinary('tscompose-hostcalls.node') !== undefined) {
      await eventually(() => expect(readFileSync(paths.log, 'utf8')).toMatch(/memory: [\d.]+ MiB of file mappings paged out, RSS [\d.]+ -> [\d.]+ MiB/), 8000, 100);
    }
    expect(await stopSupervisor(run, project)).toBe('stopped');
    expect(existsSync(paths.socket) || existsSync(paths.pid)).toBe(false);
    // Ended: reaped, or a zombie its reaper (init here) has not collected yet.
    expect(ended(pid)).toBe(true);
    expect(await stopSupervisor(run, project)).toBe('not-running');
  });
});
