import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('service commands on the command line', () => {
  it.each(['stop', 'kill', 'restart', 'wait', 'rm'])('%s --help is docker compose 2.26.1`s', async (name) => {
    expect((await cli([name, '--help'])).stdout).toBe(fixture(`docker-compose-${name}-help.txt`).replaceAll('docker compose', 'tscompose'));
  });

  it('wait needs a service, as cobra`s RequiresMinArgs says', async () => {
    const r = await cli(['wait']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^"tscompose wait" requires at least 1 argument\./);
  });

  it('a bad flag is a usage error (exit 16)', async () => {
    expect((await cli(['stop', '-t', 'soon'])).code).toBe(16);
    expect((await cli(['kill', '--sgnal', 'HUP'])).code).toBe(16);
  });
});
