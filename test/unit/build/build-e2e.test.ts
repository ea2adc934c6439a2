import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import { RunStepFailedError, DockerfileError, BuildError } from '../../../src/build/errors.js';
import type { FakeExecutor } from '../../../src/build/exec/fake-executor.js';
import { baseExecutor, build } from './build-support.js';
import { memoryContext } from './plan-support.js';

const text = (ex: FakeExecutor, tag: string, path: string): string | undefined => {
  const d = ex.filesOf(tag).get(path)?.data;
  return d === undefined ? undefined : new TextDecoder().decode(d);
};

const app = `FROM busybox:1 AS base
WORKDIR /app
COPY package.json ./
RUN echo installed > node_modules.txt
COPY src/ ./src/
RUN cat src/index.js

FROM base AS test
RUN exit 1

FROM busybox:1
COPY --from=base /app /srv
USER app
WORKDIR /srv
RUN pwd && id
CMD ["node", "src/index.js"]
`;
const ctx = memoryContext({ 'package.json': '{}', 'src/index.js': 'console.log("v1")' });

describe('a whole build on the fake executor', () => {
  it('builds only the stages the target needs, streaming BuildKit-style progress', async () => {
    const ex = baseExecutor();
    const { output, result } = await build(ex, app, ctx);
    expect(output).toBe(`#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 271B done
#1 DONE 0.0s

#2 [internal] load metadata for docker.io/library/busybox:1
#2 DONE 0.0s

#3 [internal] load .dockerignore
#3 transferring context: 2B done
#3 DONE 0.0s

#4 [internal] load build context
#4 transferring context: 19B done
#4 DONE 0.0s

#5 [base 1/6] FROM docker.io/library/busybox:1
#5 CACHED

#6 [base 2/6] WORKDIR /app
#6 DONE 0.0s

#7 [base 3/6] COPY package.json ./
#7 DONE 0.0s

#8 [base 4/6] RUN echo installed > node_modules.txt
#8 DONE 0.0s

#9 [base 5/6] COPY src/ ./src/
#9 DONE 0.0s

#10 [base 6/6] RUN cat src/index.js
#10 0.000 console.log("v1")
#10 DONE 0.0s

#11 [stage-2 1/4] FROM docker.io/library/busybox:1
#11 CACHED

#12 [stage-2 2/4] COPY --from=base /app /srv
#12 DONE 0.0s

#13 [stage-2 3/4] WORKDIR /srv
#13 DONE 0.0s

#14 [stage-2 4/4] RUN pwd && id
#14 0.000 /srv
#14 0.000 uid=1000 gid=1000
#14 DONE 0.0s

#15 exporting to image
#15 exporting layers done
#15 writing image ${result.imageId} done
#15 naming to docker.io/library/tsctb-app:latest done
#15 DONE 0.0s

`);
    expect(result).toMatchObject({ executed: 8, cached: 0 });
    expect(text(ex, 'tsctb-app', '/srv/node_modules.txt')).toBe('installed\n');
    expect(text(ex, 'tsctb-app', '/srv/src/index.js')).toBe('console.log("v1")');
    expect(result.plan.image.config).toMatchObject({ User: 'app', WorkingDir: '/srv', Cmd: ['node', 'src/index.js'] });
  });

  it('takes an unchanged rebuild wholly from the cache', async () => {
    const ex = baseExecutor();
    const first = await build(ex, app, ctx);
    const ops = ex.ops.length;
    const again = await build(ex, app, ctx);
    expect(again.result).toMatchObject({ executed: 0, cached: 8 });
    expect(again.result.imageId).toBe(first.result.imageId);
    expect(ex.ops.slice(ops).filter((o) => o.startsWith('run') || o.startsWith('copy'))).toEqual([]);
    expect(again.output.match(/CACHED/g)?.length).toBe(10);
  });

  it('misses exactly from the changed COPY onward', async () => {
    const ex = baseExecutor();
    await build(ex, app, ctx);
    const changed = memoryContext({ 'package.json': '{}', 'src/index.js': 'console.log("v2")' });
    const { result, output } = await build(ex, app, changed);
    // base: WORKDIR, COPY package.json and its RUN hit; the rest of base and the final stage (which copies from base) run.
    expect(result).toMatchObject({ cached: 3, executed: 5 });
    expect(output).toContain('#7 [base 3/6] COPY package.json ./\n#7 CACHED');
    expect(output).toContain('#9 [base 5/6] COPY src/ ./src/\n#9 DONE');
    expect(text(ex, 'tsctb-app', '/srv/src/index.js')).toBe('console.log("v2")');
  });

  it('runs everything again with --no-cache', async () => {
    const ex = baseExecutor();
    await build(ex, app, ctx);
    expect((await build(ex, app, ctx, { noCache: true })).result).toMatchObject({ cached: 0, executed: 8 });
  });

  it('hides a file a later layer deletes', async () => {
    const ex = baseExecutor();
    await build(ex, 'FROM busybox:1\nRUN echo secret > /tmp/token\nRUN cat /tmp/token\nRUN rm /tmp/token\n', memoryContext({}));
    expect(ex.filesOf('tsctb-app').has('/tmp/token')).toBe(false);
    expect(ex.filesOf('tsctb-app').has('/tmp')).toBe(true);
  });

  it('resolves --chown names in the stage\'s /etc/passwd and /etc/group', async () => {
    const ex = baseExecutor();
    await build(ex, 'FROM busybox:1\nCOPY --chown=app:staff --chmod=0600 a /secret/\nCOPY --chown=1000 d /data\n', memoryContext({ a: 'x', 'd/f': 'y' }));
    const files = ex.filesOf('tsctb-app');
    expect(files.get('/secret/a')).toMatchObject({ uid: 1000, gid: 50, mode: 0o600 });
    expect(files.get('/data')).toMatchObject({ uid: 1000, gid: 1000 });
    expect(files.get('/data/f')).toMatchObject({ uid: 1000, gid: 1000, mode: 0o644 });
  });

  it('unpacks a local tar archive on ADD, and downloads a URL into place', async () => {
    const ex = baseExecutor();
    ex.serveUrl('http://127.0.0.1:8080/tool.sh', '#!/bin/sh\n');
    const tar = await tarball({ 'pkg/readme.txt': 'inside' });
    await build(ex, 'FROM busybox:1\nADD pkg.tar.gz /opt/\nADD http://127.0.0.1:8080/tool.sh /usr/local/bin/\n', memoryContext({ 'pkg.tar.gz': gzipSync(tar) }));
    expect(text(ex, 'tsctb-app', '/opt/pkg/readme.txt')).toBe('inside');
    expect(ex.filesOf('tsctb-app').get('/usr/local/bin/tool.sh')).toMatchObject({ mode: 0o600 });
    expect(ex.ops).toContain('fetch http://127.0.0.1:8080/tool.sh');
  });

  it('pulls with --pull and reports the base as built, not cached', async () => {
    const ex = baseExecutor();
    const { output } = await build(ex, 'FROM busybox:1\nRUN true\n', memoryContext({}), { pull: true });
    expect(ex.ops[0]).toBe('pull docker.io/library/busybox:1');
    expect(output).toContain('#5 [1/2] FROM docker.io/library/busybox:1\n#5 DONE 0.0s');
  });

  it('runs the ONBUILD triggers of a base image first', async () => {
    const ex = baseExecutor();
    ex.addImage('onbuild-base:1', { config: { Env: ['PATH=/bin'], OnBuild: ['COPY . /src', 'RUN cat /src/in.txt'] } });
    const { output } = await build(ex, 'FROM onbuild-base:1\nRUN echo own\n', memoryContext({ 'in.txt': 'from the context' }));
    expect(output).toContain('#6 [2/4] ONBUILD COPY . /src');
    expect(output).toContain('#7 [3/4] ONBUILD RUN cat /src/in.txt\n#7 0.000 from the context');
    expect(text(ex, 'tsctb-app', '/src/in.txt')).toBe('from the context');
  });

  it('prefixes vertices with the service name when compose builds', async () => {
    const { output } = await build(baseExecutor(), 'FROM busybox:1\nRUN true\n', memoryContext({}), { prefix: 'web' });
    expect(output).toContain('#1 [web internal] load build definition from Dockerfile');
    expect(output).toContain('#6 [web 2/2] RUN true');
  });
});

describe('build failures', () => {
  it('names the RUN, its exit code and the last lines it printed', async () => {
    let output = '';
    const err = await build(baseExecutor(), 'FROM busybox:1\nRUN echo one && echo two && exit 3\n', memoryContext({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunStepFailedError);
    expect((err as Error).message).toBe('Dockerfile:2: process "/bin/sh -c echo one && echo two && exit 3" did not complete successfully: exit code: 3\n  one\n  two');
    output = await captureFailure('FROM busybox:1\nRUN echo one && echo two && exit 3\n');
    expect(output).toContain('#6 ERROR: process "/bin/sh -c echo one && echo two && exit 3" did not complete successfully: exit code: 3\n\n------\n > [2/2] RUN echo one && echo two && exit 3:\none\ntwo\n------\n');
  });

  it('names a COPY --from path the stage does not have', async () => {
    const err = await build(baseExecutor(), 'FROM busybox:1 AS a\nFROM busybox:1\nCOPY --from=a /nope /x\n', memoryContext({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerfileError);
    expect((err as Error).message).toBe('Dockerfile:3: failed to compute cache key: "/nope": not found');
  });

  it('names a base image that cannot be found, and an unreachable URL', async () => {
    const missing = await build(baseExecutor(), 'FROM nope:1\n', memoryContext({})).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BuildError);
    expect((missing as Error).message).toBe('failed to resolve source metadata for docker.io/library/nope:1: not found in the store or a registry');
    const url = await build(baseExecutor(), 'FROM busybox:1\nADD http://127.0.0.1:9/x /x\n', memoryContext({})).catch((e: unknown) => e);
    expect((url as Error).message).toBe('failed to download http://127.0.0.1:9/x: connection refused');
  });
});

async function captureFailure(dockerfile: string): Promise<string> {
  const { PlainProgress } = await import('../../../src/build/exec/progress.js');
  const { runBuild } = await import('../../../src/build/exec/run-build.js');
  const { loadDockerfile } = await import('../../../src/build/load-dockerfile.js');
  let output = '';
  const loaded = loadDockerfile(dockerfile);
  await runBuild({
    request: { file: 'Dockerfile', model: loaded.model, context: memoryContext({}), namedContexts: new Map(), namedImages: new Map(), buildArgs: {}, buildPlatform: { os: 'linux', architecture: 'amd64' }, targetPlatform: { os: 'linux', architecture: 'amd64' } },
    dockerfile, executor: baseExecutor(), progress: new PlainProgress({ write: (s) => (output += s) }, { now: () => 0 }), tags: [],
  }).catch(() => undefined);
  return output;
}

async function tarball(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, body] of Object.entries(files)) p.entry({ name, mode: 0o644 }, body);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
