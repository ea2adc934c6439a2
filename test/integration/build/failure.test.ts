/**
 * A build that fails says where and why (the Dockerfile line, the RUN's
 * exit code and its last output lines, the missing COPY source) and leaves
 * nothing: no build container, no mount, no scratch directory, no image.
 * Also the RUN options that touch the host: the network (none sees only
 * loopback), cache and bind mounts, ADD of a URL served on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, newLab, runIn, skipReason, type Lab } from './support.js';

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p.startsWith(dir));
}

describe.skipIf(skipReason !== undefined)('failures and host-facing RUN options', () => {
  let lab: Lab;
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    lab = await newLab();
    server = createServer((req, res) => {
      if (req.url === '/files/payload.txt') res.end('served over http\n');
      else if (req.url === '/moved') res.writeHead(302, { location: '/files/payload.txt' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server?.close();
    await lab?.cleanup();
  });

  async function expectNothingLeft(tag: string): Promise<void> {
    expect((await lab.engine().list()).map((c) => c.name)).toEqual([]);
    expect(mountsUnder(lab.dir)).toEqual([]);
    expect(readdirSync(join(lab.roots.lib, 'build', 'work'))).toEqual([]);
    expect(await lab.store.get(tag)).toBeUndefined();
  }

  it('a failing RUN names its line, exit code and last output lines, and leaves nothing', async () => {
    const ctx = lab.context({ Dockerfile: `FROM ${BASE}\nRUN echo before\nRUN for i in 1 2 3 4 5 6 7; do echo line $i; done; echo oops >&2; exit 3\nRUN echo never\n` });
    const err = (await lab.build({ context: ctx }, { tags: ['tsctb-fail:run'] }).catch((e: unknown) => e)) as Error & { output: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^Dockerfile:3: process "\/bin\/sh -c for i in .*exit 3" did not complete successfully: exit code: 3/);
    expect(err.message).toMatch(/line 6\n {2}line 7\n {2}oops$/);
    expect(err.output).toMatch(/ERROR: process .* exit code: 3/);
    expect(err.output).not.toMatch(/never/);
    await expectNothingLeft('tsctb-fail:run');
    // The steps before the failure are cached for the next attempt, as the classic builder keeps them.
    const fixed = lab.context({ Dockerfile: `FROM ${BASE}\nRUN echo before\nRUN echo fixed\n` });
    const again = await lab.build({ context: fixed }, { tags: ['tsctb-fail:run'] });
    expect(again.result).toMatchObject({ cached: 1, executed: 1 });
  });

  it('a missing COPY source names the path and the line', async () => {
    const ctx = lab.context({ Dockerfile: `FROM ${BASE}\nRUN true\nCOPY missing.txt /x\n` });
    await expect(lab.build({ context: ctx }, { tags: ['tsctb-fail:copy'] })).rejects.toThrow(/^Dockerfile:3: failed to compute cache key: "\/missing.txt": not found/);
    await expectNothingLeft('tsctb-fail:copy');
  });

  it('an unknown instruction is refused before anything runs', async () => {
    const ctx = lab.context({ Dockerfile: `FROM ${BASE}\nRUN true\nCOPPY a b\n` });
    await expect(lab.build({ context: ctx })).rejects.toThrow(/^Dockerfile:3: unknown instruction: COPPY \(did you mean COPY\?\)/);
    await expectNothingLeft('tsctb-fail:none');
  });

  it('network none gives RUN only loopback; the default is the host network', async () => {
    const ctx = lab.context({ Dockerfile: `FROM ${BASE}\nRUN --network=none cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' ' > /none\nRUN cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' ' > /default\n` });
    await lab.build({ context: ctx }, { tags: ['tsctb-net:1'] });
    const host = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).map((l) => l.split(':')[0]?.trim()).filter((n) => n !== '' && n !== undefined);
    const r = await runIn(lab, 'tsctb-net:1', ['sh', '-c', 'cat /none; echo --; cat /default']);
    const [none, def] = r.stdout.split('--\n');
    expect(none).toBe('lo\n');
    expect((def ?? '').trim().split('\n').sort()).toEqual(host.sort());
  });

  it('RUN --mount: a cache directory survives builds, a bind of the context is read-only', async () => {
    const df = (n: string): string => `FROM ${BASE}\nRUN --mount=type=cache,target=/cache echo ${n} >> /cache/log && cat /cache/log > /seen\nRUN --mount=type=bind,source=conf,target=/conf cat /conf/a.conf > /bound && (touch /conf/new 2>/dev/null && echo writable || echo read-only) >> /bound\n`;
    const ctx = lab.context({ Dockerfile: df('one'), 'conf/a.conf': 'bound conf\n' });
    await lab.build({ context: ctx }, { tags: ['tsctb-mnt:1'] });
    const ctx2 = lab.context({ Dockerfile: df('two'), 'conf/a.conf': 'bound conf\n' });
    await lab.build({ context: ctx2 }, { tags: ['tsctb-mnt:2'] });
    const r = await runIn(lab, 'tsctb-mnt:2', ['sh', '-c', 'cat /seen /bound; test -e /cache || test -e /conf || echo no-mount-points']);
    expect(r.stdout).toBe('one\ntwo\nbound conf\nread-only\nno-mount-points\n');
  });

  it('ADD of a URL downloads it (following redirects) with mode 600', async () => {
    const ctx = lab.context({ Dockerfile: `FROM ${BASE}\nADD http://127.0.0.1:${port}/files/payload.txt /dl/\nADD http://127.0.0.1:${port}/moved /dl/moved.txt\n` });
    await lab.build({ context: ctx }, { tags: ['tsctb-url:1'] });
    const r = await runIn(lab, 'tsctb-url:1', ['sh', '-c', 'cat /dl/payload.txt /dl/moved.txt; stat -c %a /dl/payload.txt']);
    expect(r.stdout).toBe('served over http\nserved over http\n600\n');
    const bad = lab.context({ Dockerfile: `FROM ${BASE}\nADD http://127.0.0.1:${port}/nothing /x\n` });
    await expect(lab.build({ context: bad })).rejects.toThrow(/failed to load http:\/\/127.0.0.1:\d+\/nothing: invalid response status 404/);
  });
});
