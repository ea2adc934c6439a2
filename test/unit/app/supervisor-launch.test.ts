import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { supervisorLaunch } from '../../../src/app/supervisor.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('supervisorLaunch', () => {
  it('starts the bundle beside the CLI with Node and a small young generation, the project last', () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctu-launch-'));
    writeFileSync(join(dir, 'tscompose-supervisor.cjs'), '');
    const l = supervisorLaunch({ PATH: '/bin', GONE: undefined }, { node: '/usr/bin/node', script: join(dir, 'tscompose.js') });
    expect(l).toEqual({ command: '/usr/bin/node', args: ['--max-semi-space-size=1', join(dir, 'tscompose-supervisor.cjs')], env: { PATH: '/bin' } });
  });

  it('takes TSCOMPOSE_SUPERVISOR_CMD as given, and refuses one that is not a JSON array of strings', () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctu-launch-'));
    expect(supervisorLaunch({ TSCOMPOSE_SUPERVISOR_CMD: '["node","x.cjs"]' }, undefined)).toMatchObject({ command: 'node', args: ['x.cjs'] });
    expect(() => supervisorLaunch({ TSCOMPOSE_SUPERVISOR_CMD: '[1]' }, undefined)).toThrow('TSCOMPOSE_SUPERVISOR_CMD must be a JSON array of strings');
  });
});
