/**
 * The read commands' command lines without containers (no engine is opened
 * then): their flags, checks and error words, and what an empty project
 * prints. With containers they are tested in test/integration/read/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctuo-c-'));
  writeFileSync(join(root, 'compose.yaml'), 'name: tsctuoc\nservices:\n  web:\n    image: bb\n  log:\n    image: bb\n    attach: false\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));
const run = (argv: string[]) => cli(argv, { env: { TSCOMPOSE_ROOT: root }, cwd: root });

describe('read commands on a project without containers', () => {
  it('ps prints the header alone; -q, --services print nothing; unknown services and filters are refused', async () => {
    expect(await run(['ps'])).toEqual({ code: 0, stdout: 'NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n', stderr: '' });
    expect((await run(['ps', '-q'])).stdout).toBe('');
    expect((await run(['ps', '--services'])).stdout).toBe('');
    expect(await run(['ps', 'nope'])).toMatchObject({ code: 1, stderr: 'no such service: nope\n' });
    expect(await run(['ps', '--filter', 'status'])).toMatchObject({ code: 1, stderr: 'arguments to --filter should be in form KEY=VAL\n' });
    expect((await run(['ps', '--help'])).stdout).toContain('      --orphans              Include orphaned services (not declared by\n                             project) (default true)\n');
  });

  it('ls prints the header; bad filters and formats are refused before anything is read', async () => {
    expect((await run(['ls'])).stdout).toBe('NAME                STATUS              CONFIG FILES\n');
    expect((await run(['ls', '--format', 'json'])).stdout).toBe('[]\n');
    expect(await run(['ls', '--filter', 'label=x'])).toMatchObject({ code: 1, stderr: "invalid filter 'label'\n" });
    expect(await run(['ls', 'extra'])).toMatchObject({ code: 1, stderr: 'unknown command "extra" for "tscompose ls"\n' });
  });

  it('logs: --index needs one service, --since and --tail are checked, nothing to print is fine', async () => {
    expect(await run(['logs'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['logs', '--index', '1'])).toMatchObject({ code: 1, stderr: '--index requires one service to be selected\n' });
    expect(await run(['logs', '--since', 'soon'])).toMatchObject({ code: 1, stderr: 'invalid value for "since": failed to parse value as time or duration: "soon"\n' });
    expect(await run(['logs', '--tail', 'x'])).toMatchObject({ code: 1 });
    expect(await run(['logs', '--index', '2', 'web'])).toMatchObject({ code: 1, stderr: 'service "web" is not running container #2\n' });
  });

  it('port: two arguments, a port number, a running container', async () => {
    expect(await run(['port', 'web'])).toMatchObject({ code: 16, stderr: expect.stringContaining('requires at least 2 arg(s), only received 1') });
    expect(await run(['port', 'web', '70000'])).toMatchObject({ code: 1, stderr: 'strconv.ParseUint: parsing "70000": value out of range\n' });
    expect(await run(['port', 'web', '80'])).toMatchObject({ code: 1, stderr: 'service "web" is not running\n' });
    expect(await run(['port', '--index', '2', 'web', '80'])).toMatchObject({ code: 1, stderr: 'service "web" is not running container #2\n' });
  });

  it('top prints nothing; events says there is no supervisor to ask', async () => {
    expect(await run(['top'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['events'])).toMatchObject({ code: 1, stderr: 'project "tsctuoc" has no running supervisor to report its events\nhint: tscompose up starts it\n' });
  });

  it('up checks --attach and --exit-code-from against the project before anything is made', async () => {
    expect(await run(['up', '--attach', 'nope'])).toMatchObject({ code: 1, stderr: 'cannot attach to services not included in up: nope\n' });
    expect(await run(['up', '--exit-code-from', 'nope'])).toMatchObject({ code: 1, stderr: 'no such service: nope\n' });
    const dry = await run(['--dry-run', 'up']);
    expect(dry.stdout).toContain("end of 'compose up' output, interactive run is not supported in dry-run mode\n");
  });
});

describe('events', () => {
  it('prints what the supervisor streams, as docker compose`s lines or --json objects, until Ctrl-C', async () => {
    const { createServer } = await import('node:net');
    const { mkdirSync } = await import('node:fs');
    const { ProjectRecorder, ProjectStore } = await import('../../../src/state/project-store.js');
    const { runCli } = await import('../../../src/cli/main.js');
    const dir = join(root, 'run', 'projects', 'tsctuoc');
    mkdirSync(dir, { recursive: true });
    new ProjectRecorder(new ProjectStore(join(root, 'lib', 'projects')), 'tsctuoc').putContainer({
      name: 'tsctuoc-web-1', id: 'c0ffee', service: 'web', number: 1, oneOff: false, hash: 'h', image: 'bb', imageId: 'sha256:1', networks: [], volumes: [],
      anonymousVolumes: [], mounts: [], dependsOn: [], stop: { signal: 'SIGTERM', timeoutSeconds: 10 }, restart: { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: '',
    });
    const event = { time: '2026-12-01T19:16:41.621Z', container: 'tsctuoc-web-1', service: 'web', action: 'die', attributes: { exitCode: '0', image: 'bb', name: 'tsctuoc-web-1' } };
    const server = createServer((socket) => socket.once('data', () => socket.write(`${JSON.stringify({ id: 1, event: { ...event, service: 'log' } })}\n${JSON.stringify({ id: 1, event })}\n`)));
    await new Promise<void>((resolve) => server.listen(join(dir, 'supervisor.sock'), resolve));
    try {
      for (const [flags, want] of [
        [[], '2026-12-01 19:16:41.621000 container die c0ffee (exitCode=0, image=bb, name=tsctuoc-web-1)\n\n'],
        [['--json'], '{"action":"die","attributes":{"exitCode":"0","image":"bb","name":"tsctuoc-web-1"},"id":"c0ffee","service":"web","time":"2026-12-01T19:16:41.621Z","type":"container"}\n'],
      ] as const) {
        let out = '';
        let interrupt: (() => void) | undefined;
        const code = await runCli(['events', ...flags, 'web'], {
          cwd: root, env: { TSCOMPOSE_ROOT: root }, readStdin: () => '', stdoutIsTTY: false, stderr: () => undefined,
          stdout: (s) => {
            out += s;
            interrupt?.();
          },
          onInterrupt: (h) => {
            interrupt = h;
            return () => undefined;
          },
        });
        expect({ code, out }).toEqual({ code: 0, out: want });
      }
    } finally {
      server.close();
    }
  });
});
