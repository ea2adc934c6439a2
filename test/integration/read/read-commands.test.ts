/**
 * ps, ls, logs, top, port and stats through the whole command line, on
 * containers the engine really runs (busybox), found through the project
 * records as `up` leaves them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { cli } from '../../unit/cli/run-cli.js';
import { eventually, newReadLab, skipReason, type ReadLab } from './support.js';

describe.skipIf(skipReason !== undefined)(`read commands on real containers${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: ReadLab;
  let webId = '';
  let jobId = '';
  const run = (argv: string[]) => cli(['-p', lab.project, ...argv], { env: lab.env, cwd: lab.dir });

  beforeAll(async () => {
    lab = newReadLab();
    webId = await lab.container('web', ['sh', '-c', 'echo hello from web; echo oops >&2; exec sleep 600'], { exposed: ['80/tcp'] });
    jobId = await lab.container('job', ['sh', '-c', 'echo done; exit 3']);
    await eventually(async () => (await lab.engine.inspect(jobId)).state.status === 'exited', 'the job to exit');
    await eventually(async () => (await run(['logs', 'web'])).stdout.includes('oops'), 'web to print');
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('ps: running containers in docker compose`s table, -a adds the exited one, -q ids, --services', async () => {
    const ps = await run(['ps']);
    expect(ps.code).toBe(0);
    const lines = ps.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${lab.project}-web-1\\s+tsctuo-bb:1\\s+"sh -c 'echo hello f…"\\s+web\\s+.* ago\\s+Up .*\\s+80/tcp$`));
    const all = (await run(['ps', '-a'])).stdout;
    expect(all).toMatch(new RegExp(`${lab.project}-job-1 .* job .* Exited \\(3\\) `));
    expect((await run(['ps', '-a', '-q'])).stdout).toBe([jobId, webId].map((id) => `${id}\n`).join(''));
    expect((await run(['ps', '-a', '--services'])).stdout).toBe('job\nweb\n');
    expect((await run(['ps', '--status', 'exited', '--format', '{{.Service}} {{.State}} {{.ExitCode}}'])).stdout).toBe('job exited 3\n');
    expect((await run(['ps', '--filter', 'status=running', '--format', '{{.Name}}'])).stdout).toBe(`${lab.project}-web-1\n`);
    const json = JSON.parse((await run(['ps', 'web', '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ ID: webId.slice(0, 12), Name: `${lab.project}-web-1`, Service: 'web', State: 'running', Project: lab.project, Ports: '80/tcp' });
    expect((await run(['ps', '--filter', 'size=1'])).stderr).toContain('unknown filter size');
  });

  it('ls: the project with its states; -a counts the exited container; -q the name', async () => {
    const ls = await run(['ls', '--filter', `name=${lab.project}`]);
    expect(ls.stdout).toMatch(new RegExp(`^NAME\\s+STATUS\\s+CONFIG FILES\\n${lab.project}\\s+running\\(1\\)\\s+${lab.dir}/compose.yaml\\n$`));
    expect((await run(['ls', '-a', '--filter', `name=${lab.project}`, '--format', 'json'])).stdout).toBe(
      `[{"Name":"${lab.project}","Status":"exited(1), running(1)","ConfigFiles":"${lab.dir}/compose.yaml"}]\n`,
    );
    expect((await run(['ls', '-q', '--filter', `name=${lab.project}`])).stdout).toBe(`${lab.project}\n`);
  });

  it('logs: every container with its prefix, --no-log-prefix, --tail, -t, --index and a service filter', async () => {
    const out = (await run(['logs', '--no-color'])).stdout;
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => l.includes('web-1'))).toEqual(['\x1b[2Kweb-1  | hello from web', '\x1b[2Kweb-1  | oops']);
    expect(lines.filter((l) => l.includes('job-1'))).toEqual(['\x1b[2Kjob-1  | done']);
    expect((await run(['logs', '--no-log-prefix', 'job'])).stdout).toBe('\x1b[2Kdone\n');
    expect((await run(['logs', '--tail', '1', 'web'])).stdout).toBe('\x1b[2Kweb-1  | oops\n');
    expect((await run(['logs', '-t', 'job'])).stdout).toMatch(/^\x1b\[2Kjob-1  \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z done\n$/);
    expect((await run(['logs', '--index', '1', 'job'])).stdout).toBe('\x1b[2Kjob-1  | done\n');
    expect(await run(['logs', '--index', '2', 'job'])).toMatchObject({ code: 1, stderr: expect.stringContaining('service "job" is not running container #2') });
    expect((await run(['logs', '--since', '2000-01-01T00:00:00Z', '--until', '2000-01-02T00:00:00Z'])).stdout).toBe('');
    expect((await run(['--ansi', 'always', 'logs', 'job'])).stdout).toBe('\x1b[2K\x1b[36mjob-1  | \x1b[0mdone\n');
  });

  it('logs -f: follows until the container exits, then prints `exited with code`', async () => {
    const id = await lab.container('tick', ['sh', '-c', 'echo one; sleep 1; echo two; exit 4']);
    const out = (await run(['logs', '-f', '--no-color', 'tick'])).stdout;
    expect(out).toBe('\x1b[2Ktick-1  | one\n\x1b[2Ktick-1  | two\ntick-1 exited with code 4\n');
    await lab.engine.remove(id);
  });

  it('top: the processes of each running container', async () => {
    const top = (await run(['top'])).stdout.split('\n');
    expect(top[0]).toBe(`${lab.project}-web-1`);
    expect(top[1]).toMatch(/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    expect(top[2]).toMatch(/^root\s+\d+\s+\d+\s+.*sleep 600\s*$/);
  });

  it('port: a port nothing publishes is an error naming the container; bad arguments are refused', async () => {
    expect(await run(['port', 'web', '80'])).toMatchObject({ code: 1, stderr: expect.stringContaining(`no port 80/tcp for container ${lab.project}-web-1`) });
    expect(await run(['port', 'job', '80'])).toMatchObject({ code: 1, stderr: expect.stringContaining('service "job" is not running') });
    expect((await run(['port', 'web', 'x'])).stderr).toContain('strconv.ParseUint: parsing "x": invalid syntax');
  });

  it('stats --no-stream: one table row per running container, json, --all', async () => {
    const table = (await run(['stats', '--no-stream'])).stdout.split('\n');
    expect(table[0]).toMatch(/^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
    expect(table[1]).toMatch(new RegExp(`^${webId.slice(0, 12)}\\s+${lab.project}-web-1\\s+\\d+\\.\\d\\d%\\s+\\S+ / \\S+\\s+\\d+\\.\\d\\d%\\s+.*\\s+1$`));
    const rows = (await run(['stats', '--no-stream', '--all', '--format', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { Name: string; PIDs: string });
    expect(rows.map((r) => r.Name).sort()).toEqual([`${lab.project}-job-1`, `${lab.project}-web-1`]);
  });

  it('stats without --no-stream redraws until Ctrl-C (the terminal cleared before each table)', async () => {
    let out = '';
    let interrupt: (() => void) | undefined;
    const code = await runCli(['-p', lab.project, 'stats', '--format', '{{.Name}} {{.PIDs}}'], {
      cwd: lab.dir, env: lab.env, readStdin: () => '', stdoutIsTTY: true, stderr: () => undefined,
      stdout: (s) => {
        out += s;
        if (out.split('\x1b[2J').length > 2) interrupt?.();
      },
      onInterrupt: (h) => {
        interrupt = h;
        return () => undefined;
      },
    });
    expect(code).toBe(0);
    expect(out.split('\x1b[2J\x1b[H').slice(1, 3)).toEqual([`${lab.project}-web-1 1\n`, `${lab.project}-web-1 1\n`]);
  });
});
