import { describe, expect, it } from 'vitest';
import { CommandFailedError, CommandNotFoundError } from '../../../src/host/command.js';
import { residentProcess } from '../../../src/host/resident.js';

describe('residentProcess', () => {
  it('answers requests in order from one process', async () => {
    const ch = residentProcess('sh', ['-c', 'while read l; do echo "got $l $$"; done']);
    const [a, b] = await Promise.all([ch.request('one'), ch.request('two')]);
    expect(a).toMatch(/^got one \d+$/);
    expect(b?.split(' ')[2]).toBe(a?.split(' ')[2]);
    ch.close();
  });

  it('fails pending requests with what the process printed when it dies', async () => {
    const ch = residentProcess('sh', ['-c', 'read l; echo broken >&2; exit 3']);
    const e = await ch.request('x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CommandFailedError);
    expect((e as Error).message).toContain('broken');
  });

  it('names a missing program', async () => {
    await expect(residentProcess('/nonexistent/tsct-helper').request('x')).rejects.toBeInstanceOf(CommandNotFoundError);
  });
});
