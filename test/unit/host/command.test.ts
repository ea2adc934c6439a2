import { describe, expect, it } from 'vitest';
import { CommandFailedError, CommandNotFoundError, commandLine, hostRunner, RecordingRunner } from '../../../src/host/command.js';
import { stateRoots } from '../../../src/host/state-root.js';

describe('commandLine', () => {
  it('quotes only what a shell would split', () => {
    expect(commandLine('iptables', ['-A', 'TSC-FWD', '-m', 'comment', '--comment', "it's a rule"])).toBe(
      `iptables -A TSC-FWD -m comment --comment 'it'\\''s a rule'`,
    );
  });
});

describe('hostRunner', () => {
  it('returns stdout and feeds stdin', async () => {
    const r = await hostRunner.run('cat', [], { input: 'hello' });
    expect(r).toEqual({ exitCode: 0, stdout: 'hello', stderr: '' });
  });

  it('fails with the exit code, the command and its stderr', async () => {
    const err = await hostRunner.run('sh', ['-c', 'echo bad >&2; exit 3']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandFailedError);
    expect((err as Error).message).toBe("Command failed with exit code 3: sh -c 'echo bad >&2; exit 3'\nbad");
  });

  it('resolves a failure when asked to', async () => {
    const r = await hostRunner.run('sh', ['-c', 'exit 4'], { allowFailure: true });
    expect(r.exitCode).toBe(4);
  });

  it('names a missing binary', async () => {
    await expect(hostRunner.run('tsct-no-such-binary', [])).rejects.toBeInstanceOf(CommandNotFoundError);
  });
});

describe('RecordingRunner', () => {
  it('records command lines and answers from its replies', async () => {
    const rec = new RecordingRunner().reply(/^ip -j/, { stdout: '[]' }).reply(/fail/, { exitCode: 1, stderr: 'no' });
    expect((await rec.run('ip', ['-j', 'link'])).stdout).toBe('[]');
    await rec.run('iptables-restore', ['--noflush'], { input: '*nat\nCOMMIT\n' });
    await expect(rec.run('fail', [])).rejects.toThrow('Command failed with exit code 1: fail\nno');
    expect(rec.lines()).toEqual(['ip -j link', 'iptables-restore --noflush', 'fail']);
    expect(rec.calls[1]?.input).toBe('*nat\nCOMMIT\n');
  });
});

describe('stateRoots', () => {
  it('defaults to /run and /var/lib, and TSCOMPOSE_ROOT moves both', () => {
    expect(stateRoots({})).toEqual({ run: '/run/tscompose', lib: '/var/lib/tscompose' });
    expect(stateRoots({ TSCOMPOSE_ROOT: '/tmp/x' })).toEqual({ run: '/tmp/x/run', lib: '/tmp/x/lib' });
  });
});
