/**
 * examples/profiles: a plain `up -d` starts only the service without a
 * profile, `--profile debug` adds `debug`, COMPOSE_PROFILES=tools adds
 * `seed` (which fetches app's page by name and exits 0), and `--profile '*'`
 * lists every service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLab, isRoot, serviceStates, type ExampleLab } from './support.js';

describe.skipIf(!isRoot)('examples/profiles, as its README runs it', () => {
  let lab: ExampleLab;

  beforeAll(async () => {
    lab = await exampleLab('profiles');
  }, 120_000);

  afterAll(async () => {
    await lab?.cleanup();
  }, 120_000);

  it('up -d starts only app, the service without a profile', async () => {
    await lab.ok('up', '-d');
    expect(await serviceStates(lab, '-a')).toEqual(['app running']);
  });

  it('--profile debug adds debug and leaves app as it was', async () => {
    const before = await lab.ok('ps', '-q', 'app');
    await lab.ok('--profile', 'debug', 'up', '-d');
    expect(await serviceStates(lab, '-a')).toEqual(['app running', 'debug running']);
    expect(await lab.ok('ps', '-q', 'app')).toBe(before);
  });

  it('COMPOSE_PROFILES=tools adds seed, which reaches app by name and exits 0', async () => {
    const r = await lab.cli(['up', '-d'], { COMPOSE_PROFILES: 'tools' });
    expect(r.code, r.stderr).toBe(0);
    expect(await serviceStates(lab, '-a')).toEqual(['app running', 'debug running', 'seed exited']);
    expect(await lab.ok('ps', '-a', '--format', '{{.ExitCode}}', 'seed')).toBe('0\n');
    // docker compose 2.26.1 starts each log line with ESC[2K (clear line), even off a terminal; so does tscompose.
    expect((await lab.ok('logs', '--no-log-prefix', 'seed')).replaceAll('\x1b[2K', '')).toBe('app\nseeded\n');
  });

  it("--profile '*' config --services lists every service", async () => {
    expect((await lab.ok('--profile', '*', 'config', '--services')).split('\n').filter(Boolean).sort()).toEqual(['app', 'debug', 'seed']);
    expect((await lab.ok('config', '--services')).trim()).toBe('app');
  });

  it('down removes them all', async () => {
    await lab.ok('down');
    expect(await serviceStates(lab, '-a')).toEqual([]);
  });
});
