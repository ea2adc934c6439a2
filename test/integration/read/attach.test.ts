/**
 * Attached up's log side on containers the engine really runs: both
 * containers' output with prefixes, the exit line, --abort-on-container-exit
 * stopping the other one with its stop signal, and --exit-code-from's code.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachLogs } from '../../../src/app/attach-logs.js';
import { stopProjectContainers } from '../../../src/app/stop-containers.js';
import { ProjectStore } from '../../../src/state/project-store.js';
import { newReadLab, skipReason, type ReadLab } from './support.js';

describe.skipIf(skipReason !== undefined)(`attached up on real containers${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: ReadLab;
  beforeAll(() => {
    lab = newReadLab();
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('--exit-code-from: the job exits 7, the server is stopped gracefully, the code is the job`s', async () => {
    const since = new Date().toISOString();
    const serverId = await lab.container('server', ['sh', '-c', 'trap "echo bye; exit 0" TERM; echo serving; while true; do sleep 0.1; done']);
    await lab.container('job', ['sh', '-c', 'echo working; sleep 1; echo failing >&2; exit 7']);
    const d = { roots: { run: join(lab.dir, 'run'), lib: join(lab.dir, 'lib') }, projects: new ProjectStore(join(lab.dir, 'lib', 'projects')), engine: async () => lab.engine };
    const out: string[] = [];
    const never = new AbortController().signal;
    const code = await attachLogs(d, {
      project: lab.project, attach: ['job', 'server'], watch: ['job', 'server'], cascade: 'exit', exitCodeFrom: 'job', since, interrupt: { graceful: never, force: never }, pollMs: 50,
      stop: () => stopProjectContainers(d, { project: lab.project, services: [], onEvent: (e) => out.push(`${e.id} ${e.statusText}`) }),
      kill: async () => undefined,
    }, {
      attaching: (l) => out.push(l), info: (l) => out.push(`info ${l}`), register: () => undefined,
      line: (e) => out.push(`${e.container} ${e.stream} ${e.line}`), status: (c, m) => out.push(`${c} ${m}`),
    });
    expect(code).toBe(7);
    expect(out[0]).toBe('Attaching to job-1, server-1');
    const job = out.filter((l) => l.startsWith('job-1'));
    expect(job).toEqual(['job-1 stdout working', 'job-1 stderr failing', 'job-1 exited with code 7']);
    expect(out.filter((l) => l.startsWith('server-1'))).toEqual(['server-1 stdout serving']);
    const tail = out.slice(out.indexOf('info Aborting on container exit...'));
    expect(tail).toEqual(['info Aborting on container exit...', `Container ${lab.project}-server-1 Stopping`, `Container ${lab.project}-server-1 Stopped`]);
    const server = await lab.engine.inspect(serverId);
    expect(server.state).toMatchObject({ status: 'exited', exitCode: 0 });
  });
});
