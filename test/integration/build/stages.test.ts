/**
 * Multi-stage builds, .dockerignore, ARG/ENV substitution and deletions,
 * built for real: only the stages a target needs run, COPY --from reads
 * another stage's filesystem, ignored files never reach the image, and a
 * file deleted in a later layer is gone from the image (a whiteout in that
 * layer), as is a directory emptied and made again (an opaque directory).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, newLab, runIn, skipReason, type Lab } from './support.js';

describe.skipIf(skipReason !== undefined)('stages, ignore files, substitution, deletions', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await newLab();
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('builds only the stages the target needs, and COPY --from reads them', async () => {
    const ctx = lab.context({
      Dockerfile: `FROM ${BASE} AS tools
RUN mkdir -p /out && echo built-by-tools > /out/tool.txt && echo x > /out/skip.log

FROM ${BASE} AS broken
RUN echo this stage must not run && exit 9

FROM ${BASE} AS app
COPY --from=tools /out/*.txt /app/
RUN cat /app/tool.txt > /app/copied

FROM broken AS final
`,
    });
    const { output } = await lab.build({ context: ctx, target: 'app' }, { tags: ['tsctb-stages:app'] });
    expect(output).not.toMatch(/must not run/);
    expect(output).toMatch(/\[tools 2\/2\] RUN/);
    const r = await runIn(lab, 'tsctb-stages:app', ['sh', '-c', 'cat /app/copied; ls /app']);
    expect(r.stdout).toBe('built-by-tools\ncopied\ntool.txt\n');
  });

  it('leaves out what .dockerignore excludes, keeps its exceptions', async () => {
    const ctx = lab.context({
      Dockerfile: `FROM ${BASE}\nCOPY . /ctx/\n`,
      '.dockerignore': 'secret.env\nlogs/\n*.tmp\n!keep.tmp\n',
      'secret.env': 'PASSWORD=x\n',
      'logs/a.log': 'log\n',
      'scratch.tmp': 'tmp\n',
      'keep.tmp': 'kept\n',
      'src/main.sh': 'echo main\n',
    });
    await lab.build({ context: ctx }, { tags: ['tsctb-stages:ignore'] });
    const r = await runIn(lab, 'tsctb-stages:ignore', ['sh', '-c', 'cd /ctx && find . -type f | sort']);
    expect(r.stdout).toBe('./.dockerignore\n./Dockerfile\n./keep.tmp\n./src/main.sh\n');
  });

  it('substitutes ARG and ENV as docker does, build args overriding defaults', async () => {
    const ctx = lab.context({
      Dockerfile: `ARG VERSION=1.0
FROM ${BASE}
ARG VERSION
ARG NAME=app
ENV DIR=/opt/\${NAME}-\${VERSION} UNSET_DEFAULT=\${NOPE:-fallback} SET_ALT=\${NAME:+alt}
WORKDIR \$DIR
RUN echo "\$VERSION \$NAME \$UNSET_DEFAULT \$SET_ALT" > info && pwd >> info
`,
    });
    await lab.build({ context: ctx, args: { NAME: 'web' } }, { tags: ['tsctb-stages:args'] });
    const r = await runIn(lab, 'tsctb-stages:args', ['cat', '/opt/web-1.0/info']);
    expect(r.stdout).toBe('1.0 web fallback alt\n/opt/web-1.0\n');
    const img = await lab.store.get('tsctb-stages:args');
    expect(img?.config.config?.WorkingDir).toBe('/opt/web-1.0');
    // ARG values are not kept in the image; ENV is.
    expect(img?.config.config?.Env).toContain('DIR=/opt/web-1.0');
    expect(img?.config.config?.Env?.some((e) => e.startsWith('VERSION='))).toBe(false);
  });

  it('a file deleted in a later layer is gone, through a whiteout in that layer', async () => {
    const ctx = lab.context({
      Dockerfile: `FROM ${BASE}
RUN mkdir -p /data/dir && echo a > /data/keep && echo b > /data/gone && echo c > /data/dir/old
RUN rm /data/gone /bin/vi && rm -rf /data/dir && mkdir /data/dir && echo new > /data/dir/new
`,
    });
    await lab.build({ context: ctx }, { tags: ['tsctb-stages:del'] });
    const r = await runIn(lab, 'tsctb-stages:del', ['sh', '-c', 'ls /data /data/dir; ls /bin/vi 2>/dev/null || echo no-vi']);
    expect(r.stdout).toBe('/data:\ndir\nkeep\n\n/data/dir:\nnew\nno-vi\n');
    const img = await lab.store.get('tsctb-stages:del');
    const top = img?.layerDirs.at(-1) as string;
    // The deletions are overlay whiteouts in the last layer; the files still exist in the one below.
    expect(existsSync(join(top, 'data', 'gone'))).toBe(true);
    expect(existsSync(join(top, 'data', 'dir', 'old'))).toBe(false);
    expect(existsSync(join(img?.layerDirs.at(-2) as string, 'data', 'gone'))).toBe(true);
  });

  it('COPY --from a stage whose later RUN deleted a file does not bring it back', async () => {
    const ctx = lab.context({
      Dockerfile: `FROM ${BASE} AS a
RUN mkdir /x && echo 1 > /x/one && echo 2 > /x/two
RUN rm /x/two

FROM ${BASE}
COPY --from=a /x /x
`,
    });
    await lab.build({ context: ctx }, { tags: ['tsctb-stages:from-del'] });
    expect((await runIn(lab, 'tsctb-stages:from-del', ['ls', '/x'])).stdout).toBe('one\n');
  });
});
