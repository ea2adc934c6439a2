/**
 * stop, start, restart, kill, pause, unpause, wait and rm through the whole
 * command line, on containers the engine really runs (busybox), found
 * through the project records as `up` leaves them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../unit/cli/run-cli.js';
import { eventually, newServiceLab, skipReason, type ServiceLab } from './support.js';

const TRAPS = (name: string): string[] => ['sh', '-c', `trap 'echo ${name}-got-int >> /tmp/sig; exit 0' INT; trap 'echo ${name}-got-usr1 >> /tmp/sig' USR1; while true; do sleep 0.05; done`];

describe.skipIf(skipReason !== undefined)(`service commands on real containers${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: ServiceLab;
  const run = (argv: string[]) => cli(['--progress', 'plain', ...argv], { env: lab.env, cwd: lab.dir });
  const status = async (id: string) => (await lab.engine.inspect(id)).state;

  beforeEach(() => {
    lab = newServiceLab({ db: [], web: ['db'] });
  });
  afterEach(async () => {
    await lab?.cleanup();
  });

  it('stop honours the recorded stop signal, dependents first; start brings them back in dependency order', async () => {
    const db = await lab.container('db', TRAPS('db'), { stop: { signal: 'SIGINT', timeoutSeconds: 10 } });
    const web = await lab.container('web', ['sleep', '600'], { stop: { signal: 'SIGTERM', timeoutSeconds: 1 }, dependsOn: [{ service: 'db', condition: 'service_started', required: true, restart: false }] });
    const stop = await run(['stop']);
    expect(stop.code, stop.stderr).toBe(0);
    const lines = stop.stderr.split('\n').filter((l) => l.includes('Container'));
    expect(lines.map((l) => l.trim())).toEqual([
      `Container ${lab.project}-web-1  Stopping`, `Container ${lab.project}-web-1  Stopped`,
      `Container ${lab.project}-db-1  Stopping`, `Container ${lab.project}-db-1  Stopped`,
    ]);
    // db trapped SIGINT and exited 0 well before its grace period; web ignores SIGTERM as PID 1 and was killed after 1 s.
    expect(await status(db)).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(await lab.read(db, '/tmp/sig')).toBe('db-got-int\n');
    expect(await status(web)).toMatchObject({ status: 'exited', exitCode: 137 });
    const start = await run(['start']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr.split('\n').filter((l) => l.includes('Started')).map((l) => l.trim())).toEqual([`Container ${lab.project}-db-1  Started`, `Container ${lab.project}-web-1  Started`]);
    expect((await status(db)).running && (await status(web)).running).toBe(true);
  });

  it('kill -s delivers the signal; restart gives a killed container a new process', async () => {
    const db = await lab.container('db', TRAPS('db'));
    await eventually(async () => (await status(db)).running, 'db to run');
    const kill = await run(['kill', '-s', 'SIGUSR1', 'db']);
    expect(kill.code, kill.stderr).toBe(0);
    expect(kill.stderr).toContain(`Container ${lab.project}-db-1  Killed`);
    await eventually(async () => (await lab.read(db, '/tmp/sig').catch(() => '')) === 'db-got-usr1\n', 'the trap to run');
    expect((await status(db)).running).toBe(true);
    expect((await run(['kill', 'db'])).code).toBe(0);
    await eventually(async () => (await status(db)).status === 'exited', 'db to die');
    expect((await status(db)).exitCode).toBe(137);
    expect(await run(['kill', 'db'])).toMatchObject({ code: 0, stderr: expect.stringContaining('no container to kill') });
    const restart = await run(['restart', 'db']);
    expect(restart.code, restart.stderr).toBe(0);
    expect(restart.stderr).toContain(`Container ${lab.project}-db-1  Started`);
    expect((await status(db)).running).toBe(true);
  });

  it('pause really freezes the container (its counter stops) and unpause lets it go on', async () => {
    const web = await lab.container('web', ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i > /tmp/n; sleep 0.02; done']);
    const count = async () => Number((await lab.read(web, '/tmp/n').catch(() => '0')).trim() || '0');
    await eventually(async () => (await count()) > 3, 'the counter to count');
    const pause = await run(['pause', 'web']);
    expect(pause.code, pause.stderr).toBe(0);
    expect(pause.stderr).toContain(`Container ${lab.project}-web-1  Paused`);
    expect((await status(web)).status).toBe('paused');
    const frozen = await count();
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(frozen);
    expect((await run(['unpause'])).stderr).toContain(`Container ${lab.project}-web-1  Unpaused`);
    await eventually(async () => (await count()) > frozen, 'the counter to go on');
  });

  it('wait prints each exit and exits with the status; rm removes the stopped container and its record', async () => {
    // compose's wait only waits for running containers: the exit must come after
    // the CLI started, which took over 2 s on this shared machine under load.
    const web = await lab.container('web', ['sh', '-c', 'sleep 6; exit 7']);
    const wait = await run(['wait', 'web']);
    expect(wait).toMatchObject({ code: 7, stdout: `container "${web}" exited with status code 7\n` });
    const rm = await run(['rm', '-f']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toBe(`Going to remove ${lab.project}-web-1\n`);
    expect(rm.stderr).toContain(`Container ${lab.project}-web-1  Removed`);
    expect(await lab.engine.find(web)).toBeUndefined();
    expect((await run(['rm', '-f'])).stderr).toContain('No stopped containers');
    expect((await run(['stop', 'nope'])).stderr).toMatch(/^no such service: nope\nhint: the project's services are db, web\n/);
  });
});
