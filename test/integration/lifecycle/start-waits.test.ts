/**
 * `start` waits, as docker compose's start does, for the dependencies a
 * service declares with service_completed_successfully (and
 * service_healthy) before starting it: on real busybox containers, the
 * dependant starts only after its dependency exited 0, and not at all when
 * it failed, with compose's words.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../unit/cli/run-cli.js';
import { newServiceLab, skipReason, type ServiceLab } from './support.js';

describe.skipIf(skipReason !== undefined)(`start waits for dependency conditions${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: ServiceLab;
  const run = (argv: string[]) => cli(['--progress', 'plain', ...argv], { env: lab.env, cwd: lab.dir });
  const DEP = [{ service: 'init', condition: 'service_completed_successfully', required: true, restart: false }];

  beforeEach(() => {
    lab = newServiceLab({ init: [], app: [] });
    writeFileSync(join(lab.dir, 'compose.yaml'), `name: ${lab.project}\nservices:\n  init:\n    image: tsctul-bb:1\n  app:\n    image: tsctul-bb:1\n    depends_on:\n      init: {condition: service_completed_successfully}\n`);
  });
  afterEach(async () => {
    await lab?.cleanup();
  });

  it('starts the dependant once its dependency completed successfully', async () => {
    const init = await lab.container('init', ['sh', '-c', 'sleep 1; exit 0'], { start: false });
    const app = await lab.container('app', ['sleep', '600'], { start: false, dependsOn: DEP });
    const r = await run(['start']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('Container'));
    expect(lines).toEqual([
      `Container ${lab.project}-init-1  Starting`, `Container ${lab.project}-init-1  Started`,
      `Container ${lab.project}-init-1  Waiting`, `Container ${lab.project}-init-1  Exited`,
      `Container ${lab.project}-app-1  Starting`, `Container ${lab.project}-app-1  Started`,
    ]);
    const [i, a] = [(await lab.engine.inspect(init)).state, (await lab.engine.inspect(app)).state];
    expect(i).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(a.running).toBe(true);
    expect(Date.parse(a.startedAt)).toBeGreaterThanOrEqual(Date.parse(i.finishedAt));
  });

  it('does not start the dependant when the dependency failed, with compose`s words', async () => {
    await lab.container('init', ['sh', '-c', 'exit 3'], { start: false });
    const app = await lab.container('app', ['sleep', '600'], { start: false, dependsOn: DEP });
    const r = await run(['start']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('service "init" didn\'t complete successfully: exit 3');
    expect((await lab.engine.inspect(app)).state.status).toBe('created');
  });
});
