import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { supervisorLaunch, tellStopping } from '../../../src/app/supervisor.js';
import { supervisorPaths } from '../../../src/supervisor/protocol.js';

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

describe('tellStopping', () => {
  it('asks a supervisor whose socket exists to reload, and nobody when there is none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctu-launch-'));
    const asked: string[] = [];
    const ask = async (socket: string, method: string): Promise<unknown> => void asked.push(`${method} ${socket}`);
    await tellStopping(dir, 'p', ask);
    await tellStopping(dir, '', ask);
    expect(asked).toEqual([]);
    const socket = supervisorPaths(dir, 'p').socket;
    mkdirSync(join(socket, '..'), { recursive: true });
    writeFileSync(socket, '');
    await tellStopping(dir, 'p', ask);
    expect(asked).toEqual([`reload ${socket}`]);
  });

  it('goes on when the supervisor does not answer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctu-launch-'));
    const socket = supervisorPaths(dir, 'p').socket;
    mkdirSync(join(socket, '..'), { recursive: true });
    writeFileSync(socket, '');
    await expect(tellStopping(dir, 'p', () => Promise.reject(new Error('connect ECONNREFUSED')))).resolves.toBeUndefined();
  });
});
