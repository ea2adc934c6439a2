import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../../../src/engine/index.js';

const req = (name: string) => ({ name, layerDirs: [], description: { image: {}, command: ['sh'] } });

describe('FakeEngine', () => {
  it('follows the real state machine and errors', async () => {
    const e = new FakeEngine();
    const { id } = await e.create(req('p-web-1'));
    await expect(e.create(req('p-web-1'))).rejects.toThrow('Conflict. The container name "/p-web-1" is already in use');
    expect((await e.inspect('p-web-1')).state.status).toBe('created');
    await e.start(id);
    await expect(e.remove(id)).rejects.toThrow('You cannot remove a running container');
    const waited = e.wait(id);
    e.exit(id, 3);
    expect(await waited).toEqual({ exitCode: 3, oomKilled: false });
    await e.start(id);
    expect((await e.inspect(id)).state).toMatchObject({ status: 'running', restartCount: 1 });
    await e.stop(id);
    await expect(e.kill(id)).rejects.toThrow('is not running');
    await e.remove(id);
    expect(await e.find('p-web-1')).toBeUndefined();
    expect(e.calls).toEqual(['create p-web-1', 'create p-web-1', 'start p-web-1', 'remove p-web-1', 'start p-web-1', 'stop p-web-1 SIGTERM 10', 'kill p-web-1 SIGKILL', 'remove p-web-1']);
  });

  it('plays output, follows logs until removal, and answers exec from onExec', async () => {
    const e = new FakeEngine();
    const { id } = await e.create(req('p-db-1'));
    await e.start(id);
    e.output(id, 'stdout', 'ready\n');
    e.onExec = (_, o) => ({ exitCode: o.args[0] === 'pg_isready' ? 0 : 1, stdout: 'ok\n' });
    const ex = await e.exec(id, { args: ['pg_isready'] });
    expect(await ex.exit).toEqual({ exitCode: 0, signal: 0 });
    const seen: string[] = [];
    const reader = (async () => {
      for await (const l of e.logs(id, { follow: true })) seen.push(l.text);
    })();
    e.output(id, 'stderr', 'later\n');
    await new Promise((r) => setTimeout(r, 10));
    await e.remove(id, { force: true });
    await reader;
    expect(seen).toEqual(['ready\n', 'later\n']);
  });
});
