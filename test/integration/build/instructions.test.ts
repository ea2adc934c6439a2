/**
 * Every Dockerfile instruction built for real on a busybox-static base:
 * the image config the build writes, and the files, owners, modes, user
 * and working directory a container of the result sees.
 */
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, newLab, runIn, skipReason, type Lab } from './support.js';

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG BASE=${BASE}
FROM \${BASE} AS base
ARG GREETING=hello
ARG BUILT_BY
ENV APP_HOME=/srv/app \\
    MODE=dev
LABEL org.example.name="tsctb app" org.example.greeting=\${GREETING}
SHELL ["/bin/sh", "-c"]
RUN echo "\${GREETING} \${BUILT_BY} \$MODE" > /greeting
RUN ["/bin/sh", "-c", "echo exec form > /exec"]
RUN <<EOF
echo heredoc one > /heredoc
echo heredoc two >> /heredoc
EOF
WORKDIR \$APP_HOME
COPY --chown=app:app --chmod=640 conf/app.conf ./
COPY --chmod=755 bin/ /usr/local/bin/
COPY *.txt docs/
ADD bundle.tar.gz /opt/bundle/
ADD plain.tar /opt/plain
COPY <<EOT /etc/motd
welcome \${GREETING}
EOT
USER app
RUN id -u > /tmp/whoami && pwd > /tmp/pwd
EXPOSE 8080 9000/udp
VOLUME ["/data"]
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s --timeout=2s --retries=4 CMD ["true"]
ONBUILD RUN echo child
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat /greeting"]
`;

function tarOf(dir: string, files: Record<string, string>, out: string): Buffer {
  const src = join(dir, `${out}-src`);
  for (const [p, v] of Object.entries(files)) {
    mkdirSync(join(src, p, '..'), { recursive: true });
    writeFileSync(join(src, p), v);
  }
  execFileSync('tar', ['-C', src, '--owner=123', '--group=456', '-cf', join(dir, out), '.']);
  rmSync(src, { recursive: true });
  return readFileSync(join(dir, out));
}

describe.skipIf(skipReason !== undefined)('every instruction, on a busybox-static base', () => {
  let lab: Lab;
  const tag = 'tsctb-instructions:1';

  beforeAll(async () => {
    lab = await newLab();
    const ctx = lab.context({
      Dockerfile: DOCKERFILE,
      'conf/app.conf': 'port=8080\n',
      'bin/hello': { data: '#!/bin/sh\necho hello from bin\n', mode: 0o600 },
      'a.txt': 'A\n',
      'b.txt': 'B\n',
    });
    writeFileSync(join(ctx, 'bundle.tar.gz'), gzipSync(tarOf(lab.dir, { 'inner/x.txt': 'from gz tar\n' }, 'b.tar')));
    writeFileSync(join(ctx, 'plain.tar'), tarOf(lab.dir, { 'y.txt': 'from plain tar\n' }, 'p.tar'));
    await lab.build({ context: ctx, args: { BUILT_BY: 'tsctb' } }, { tags: [tag] });
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('writes the image config the instructions describe', async () => {
    const img = await lab.store.get(tag);
    const c = img?.config.config ?? {};
    expect(c.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP_HOME=/srv/app', 'MODE=dev']);
    expect(c.Labels).toEqual({ 'org.example.name': 'tsctb app', 'org.example.greeting': 'hello' });
    expect(c.User).toBe('app');
    expect(c.WorkingDir).toBe('/srv/app');
    expect(c.ExposedPorts).toEqual({ '8080/tcp': {}, '9000/udp': {} });
    expect(c.Volumes).toEqual({ '/data': {} });
    expect(c.StopSignal).toBe('SIGINT');
    expect(c.Healthcheck).toMatchObject({ Test: ['CMD', 'true'], Interval: 5e9, Timeout: 2e9, Retries: 4 });
    expect(c.OnBuild).toEqual(['RUN echo child']);
    expect(c.Entrypoint).toEqual(['/bin/sh', '-c']);
    expect(c.Cmd).toEqual(['cat /greeting']);
    expect(c.Shell).toEqual(['/bin/sh', '-c']);
    // One layer per filesystem step (3 RUN + WORKDIR + 3 COPY + 2 ADD + heredoc COPY + RUN) on the base's one.
    expect(img?.config.rootfs.diff_ids).toHaveLength(12);
    expect(img?.config.history?.filter((h) => h.empty_layer !== true)).toHaveLength(12);
  });

  it('RUN sees build args and ENV; exec form and heredocs run', async () => {
    const r = await runIn(lab, tag, ['cat /greeting /exec /heredoc /etc/motd']);
    expect(r.stdout).toBe('hello tsctb dev\nexec form\nheredoc one\nheredoc two\nwelcome hello\n');
  });

  it('USER and WORKDIR apply to later RUN steps and to the container', async () => {
    const r = await runIn(lab, tag, ['cat /tmp/whoami /tmp/pwd; id -u; pwd']);
    expect(r.stdout).toBe('1000\n/srv/app\n1000\n/srv/app\n');
  });

  it('COPY sets owners and modes from --chown and --chmod, globs and directories land where docker puts them', async () => {
    const r = await runIn(lab, tag, ['stat -c "%n %u:%g %a" /srv/app/app.conf /usr/local/bin/hello /srv/app/docs/a.txt /srv/app/docs/b.txt; hello']);
    expect(r.stdout).toBe('/srv/app/app.conf 1000:1000 640\n/usr/local/bin/hello 0:0 755\n/srv/app/docs/a.txt 0:0 644\n/srv/app/docs/b.txt 0:0 644\nhello from bin\n');
  });

  it('ADD unpacks local tar archives (gzip or plain), keeping their owners', async () => {
    const r = await runIn(lab, tag, ['cat /opt/bundle/inner/x.txt /opt/plain/y.txt; stat -c "%u:%g" /opt/plain/y.txt']);
    expect(r.stdout).toBe('from gz tar\nfrom plain tar\n123:456\n');
  });

  it('ONBUILD triggers run in a child build', async () => {
    const ctx = lab.context({ Dockerfile: `FROM ${tag}\nUSER root\n` });
    const { output } = await lab.build({ context: ctx }, { tags: ['tsctb-onbuild:1'] });
    expect(output).toMatch(/ONBUILD RUN echo child/);
    expect(output).toMatch(/ child\n/);
  });
});
