import { describe, expect, it } from 'vitest';
import { CommandFailedError, CommandNotFoundError } from '../../../src/host/command.js';
import { spawnRunner } from '../../../src/host/spawn-runner.js';

describe('spawnRunner', () => {
  it('passes input, cwd and extra environment, and keeps the output as printed', async () => {
    const r = await spawnRunner.run('sh', ['-c', 'cat; pwd; echo "$TSC_X $HOME" >&2'], { input: 'in\n', cwd: '/tmp', env: { TSC_X: 'x' } });
    expect(r).toEqual({ exitCode: 0, stdout: 'in\n/tmp\n', stderr: `x ${process.env.HOME}\n` });
  });

  it('throws a CommandFailedError naming the command and its stderr, or resolves with allowFailure', async () => {
    const err = await spawnRunner.run('sh', ['-c', 'echo bad rule >&2; exit 2']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandFailedError);
    expect((err as Error).message).toBe("Command failed with exit code 2: sh -c 'echo bad rule >&2; exit 2'\nbad rule");
    expect(await spawnRunner.run('sh', ['-c', 'exit 3'], { allowFailure: true })).toEqual({ exitCode: 3, stdout: '', stderr: '' });
  });

  it('reports a missing binary as not found', async () => {
    await expect(spawnRunner.run('tscompose-no-such-binary', [])).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  it('survives a command that exits without reading a large input', async () => {
    const r = await spawnRunner.run('true', [], { input: 'x'.repeat(4 << 20) });
    expect(r.exitCode).toBe(0);
  });

  it('kills a command that outlives its timeout', async () => {
    const r = await spawnRunner.run('sleep', ['5'], { timeoutMs: 100, allowFailure: true });
    expect(r.exitCode).toBe(-1);
    expect(r.stderr).toBe('killed by SIGTERM');
  });
});
