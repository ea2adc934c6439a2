import { describe, expect, it } from 'vitest';
import { DockerfileError } from '../../../src/build/errors.js';
import type { BuildPlan, PlanStep } from '../../../src/build/plan/types.js';
import { memoryContext, planText, type PlanOptions } from './plan-support.js';

const alpine = { 'alpine:3.20': { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'] } };
const ctx = memoryContext({ 'a.txt': 'a', 'b.txt': 'b', 'src/app.js': 'x' });
const plan = (df: string, opts: PlanOptions = {}): BuildPlan => planText(df, ctx, { images: alpine, ...opts });
const steps = (p: BuildPlan): PlanStep[] => p.stages.flatMap((s) => s.steps);
const names = (p: BuildPlan): string[] => steps(p).map((s) => s.name);

function planError(df: string, opts: PlanOptions = {}): string {
  try {
    plan(df, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(DockerfileError);
    return (e as Error).message;
  }
  throw new Error('expected the plan to fail');
}

describe('stages and targets', () => {
  const df = 'FROM alpine:3.20 AS base\nRUN echo base\nFROM base AS test\nRUN echo test\nFROM alpine:3.20 AS lint\nRUN exit 1\nFROM base\nCOPY --from=test /x /x\n';

  it('plans only the stages the target needs', () => {
    expect(plan(df).stages.map((s) => s.index)).toEqual([0, 1, 3]);
    expect(plan(df, { target: 'test' }).stages.map((s) => s.index)).toEqual([0, 1]);
    expect(plan(df, { target: 'LINT' }).stages.map((s) => s.index)).toEqual([2]);
  });

  it('names steps as BuildKit does: stage name or stage-N, index of total', () => {
    expect(names(plan(df))).toEqual([
      '[base 1/2] FROM docker.io/library/alpine:3.20', '[base 2/2] RUN echo base', '[test 1/1] RUN echo test', '[stage-3 1/1] COPY --from=test /x /x',
    ]);
    expect(names(plan('FROM alpine:3.20\nrun echo hi\n'))).toEqual(['[1/2] FROM docker.io/library/alpine:3.20', '[2/2] RUN echo hi']);
  });

  it('refuses an unknown target, suggesting a close name', () => {
    expect(planError(df, { target: 'tset' })).toBe('target stage "tset" could not be found (did you mean test?)');
  });

  it('refuses a --from a stage defined later, a bad index, a variable', () => {
    expect(planError('FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\n', { target: 'a' })).toBe(
      'Dockerfile:2: cannot copy from stage "b", it needs to be defined before current stage "a"',
    );
    expect(planError('FROM alpine:3.20\nCOPY --from=3 /x /x\n')).toBe('Dockerfile:2: invalid stage index 3');
    expect(planError('FROM alpine:3.20\nARG S=x\nCOPY --from=$S /x /x\n')).toBe(
      'Dockerfile:3: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
    );
  });

  it('refuses stages that depend on each other', () => {
    expect(planError('FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM a AS b\n')).toBe('Dockerfile:1: circular dependency detected on stage: a');
  });

  it('refuses an empty or malformed base', () => {
    expect(planError('ARG IMG\nFROM $IMG\n')).toBe('Dockerfile:2: base name ($IMG) should not be blank');
    expect(planError('FROM $IMG\n', { buildArgs: { IMG: 'alpine:3.20' } })).toBe('Dockerfile:1: base name ($IMG) should not be blank');
    expect(planError('FROM Alpine\n')).toBe('Dockerfile:1: failed to parse stage name "Alpine": invalid reference format: repository name (library/Alpine) must be lowercase');
    expect(planError('FROM --platform=z80 alpine:3.20\n')).toBe('Dockerfile:1: failed to parse platform z80: "z80": unknown operating system or architecture: invalid argument');
    expect(planError('ARG P\nFROM --platform=$P alpine:3.20\n')).toBe('Dockerfile:2: empty platform value from expression $P');
  });

  it('runs a base stage\'s ONBUILD instructions in the stage built from it, not in itself', () => {
    const p = plan('FROM alpine:3.20 AS base\nONBUILD RUN echo trig\nFROM base\nRUN echo own\n');
    expect(names(p)).toEqual(['[base 1/1] FROM docker.io/library/alpine:3.20', '[stage-1 1/2] ONBUILD RUN echo trig', '[stage-1 2/2] RUN echo own']);
    expect(p.image.config.OnBuild).toBeUndefined();
  });
});

describe('variables', () => {
  it('expands ENV, LABEL, WORKDIR, USER, COPY, EXPOSE, VOLUME, STOPSIGNAL but not RUN, CMD, ENTRYPOINT or HEALTHCHECK', () => {
    const p = plan('FROM alpine:3.20\nARG P=8080\nENV D=/srv\nWORKDIR $D\nUSER u$P\nEXPOSE $P\nVOLUME $D/data\nSTOPSIGNAL SIG${S:-INT}\nLABEL l=$P\nCOPY a.txt $D/a\nRUN echo $P\nCMD echo $P\nENTRYPOINT ["$P"]\nHEALTHCHECK CMD check $P\n');
    const c = p.image.config;
    expect(c).toMatchObject({ WorkingDir: '/srv', User: 'u8080', ExposedPorts: { '8080/tcp': {} }, Volumes: { '/srv/data': {} }, StopSignal: 'SIGINT', Labels: { l: '8080' } });
    expect(c.Entrypoint).toEqual(['$P']);
    // CMD given before ENTRYPOINT in the same stage survives it.
    expect(c.Cmd).toEqual(['/bin/sh', '-c', 'echo $P']);
    expect(c.Healthcheck?.Test).toEqual(['CMD-SHELL', 'check $P']);
    const run = steps(p).find((s) => s.op.kind === 'run');
    expect(run?.op.kind === 'run' && run.op.run.args).toEqual(['/bin/sh', '-c', 'echo $P']);
    expect(run?.name).toBe('[4/4] RUN echo 8080');
    const copy = steps(p).find((s) => s.op.kind === 'copy');
    expect(copy?.op.kind === 'copy' && copy.op.copy.dest).toBe('/srv/a');
  });

  it('makes ENV win over an ARG of the same name, and gives ARGs to RUN but not to the image', () => {
    const p = plan('FROM alpine:3.20\nARG A=arg\nENV A=env\nARG B=b\nRUN true\n', { buildArgs: { A: 'cli' } });
    const run = steps(p).find((s) => s.op.kind === 'run');
    expect(run?.op.kind === 'run' && run.op.run.env).toEqual(['PATH=/usr/bin:/bin', 'A=env', 'B=b']);
    expect(p.image.config.Env).toEqual(['PATH=/usr/bin:/bin', 'A=env']);
  });

  it('keeps global ARGs out of stages until redeclared', () => {
    const p = plan('ARG G=global\nFROM alpine:3.20\nENV BEFORE=${G:-unset}\nARG G\nENV AFTER=$G\n');
    expect(p.image.config.Env).toEqual(['PATH=/usr/bin:/bin', 'BEFORE=unset', 'AFTER=global']);
  });

  it('offers the platform args to FROM, and to stages that declare them', () => {
    const p = plan('FROM --platform=$BUILDPLATFORM alpine:3.20\nARG TARGETARCH\nENV ARCH=$TARGETARCH OS=${TARGETOS:-undeclared}\n');
    expect(p.image.config.Env).toEqual(['PATH=/usr/bin:/bin', 'ARCH=amd64', 'OS=undeclared']);
  });

  it('fails with the message of ${VAR:?message}', () => {
    expect(planError('FROM alpine:3.20\nENV X="${NEEDED:?set NEEDED}"\n')).toBe('Dockerfile:2: failed to process "\\"${NEEDED:?set NEEDED}\\"": NEEDED: set NEEDED');
    // ENV splits its words before expanding, so an unquoted space ends the value.
    expect(planError('FROM alpine:3.20\nENV X=${NEEDED:?set NEEDED}\n')).toBe('Dockerfile:2: Syntax error - can\'t find = in "NEEDED}". Must be of the form: name=value');
  });

  it('changes the cache key of RUN with a build arg it declares, not with one it does not', () => {
    const df = 'FROM alpine:3.20\nARG V\nRUN make\n';
    const key = (args: Record<string, string>, file = df): string | undefined => steps(plan(file, { buildArgs: args })).find((s) => s.op.kind === 'run')?.key;
    expect(key({ V: '1' })).not.toBe(key({ V: '2' }));
    expect(key({ HTTP_PROXY: 'http://127.0.0.1:1' })).toBe(key({}));
    expect(key({ HTTP_PROXY: 'http://127.0.0.1:1' }, 'FROM alpine:3.20\nARG HTTP_PROXY\nRUN make\n')).not.toBe(key({}, 'FROM alpine:3.20\nARG HTTP_PROXY\nRUN make\n'));
  });
});

describe('COPY and ADD', () => {
  it('names a missing source', () => {
    expect(planError('FROM alpine:3.20\nRUN true\nCOPY missing.txt /x\n')).toBe('Dockerfile:3: failed to compute cache key: "/missing.txt": not found');
  });

  it('copies nothing for a wildcard that matches nothing, as BuildKit does', () => {
    const p = plan('FROM alpine:3.20\nCOPY *.none /x/\n');
    expect(steps(p)[1]?.op.kind === 'copy' && steps(p)[1]?.op).toMatchObject({ copy: { items: [] } });
  });

  it('wants a directory destination for several sources', () => {
    expect(planError('FROM alpine:3.20\nCOPY a.txt b.txt /dst\n')).toBe('Dockerfile:2: When using COPY with more than one source file, the destination must be a directory and end with a /');
    expect(planError('FROM alpine:3.20\nCOPY *.txt /dst\n')).toBe('Dockerfile:2: When using COPY with more than one source file, the destination must be a directory and end with a /');
  });

  it('resolves the destination against WORKDIR and keeps a trailing slash', () => {
    const dests = steps(plan('FROM alpine:3.20\nWORKDIR /w\nCOPY a.txt .\nCOPY a.txt x\nCOPY a.txt x/\nCOPY a.txt ../up\nCOPY a.txt /abs/./\n')).flatMap((s) => (s.op.kind === 'copy' ? [s.op.copy.dest] : []));
    expect(dests).toEqual(['/w/', '/w/x', '/w/x/', '/up', '/abs/']);
  });

  it('cannot leave the context', () => {
    const p = plan('FROM alpine:3.20\nCOPY ../../a.txt /a\n');
    expect(steps(p)[1]?.op.kind === 'copy' && steps(p)[1]?.op).toMatchObject({ copy: { items: [{ path: 'a.txt' }] } });
  });

  it('refuses URLs and git in COPY, git in ADD, a wrong checksum', () => {
    expect(planError('FROM alpine:3.20\nCOPY https://127.0.0.1/x /x\n')).toBe("Dockerfile:2: source can't be a URL for COPY");
    expect(planError('FROM alpine:3.20\nADD git@github.com:x/y.git /y\n')).toBe('Dockerfile:2: ADD from a git repository (git@github.com:x/y.git) is not supported by tscompose yet');
    expect(planError('FROM alpine:3.20\nADD --checksum=sha256:00 https://127.0.0.1/x /x\n', { urls: { 'https://127.0.0.1/x': 'body' } })).toMatch(/^Dockerfile:2: digest mismatch sha256:00: sha256:/);
    expect(planError('FROM alpine:3.20\nADD --checksum=sha256:00 a.txt /x\n')).toBe('Dockerfile:2: checksum requires HTTP(S) or Git sources');
    expect(planError('FROM alpine:3.20\nCOPY --chmod=999 a.txt /x\n')).toBe("Dockerfile:2: invalid chmod parameter: '999'. it should be octal string and between 0 and 07777");
  });

  it('keys a COPY by content, so a changed file misses and everything after it', () => {
    const df = 'FROM alpine:3.20\nCOPY a.txt /a\nCOPY b.txt /b\nRUN cat /a /b\n';
    const keys = (files: Record<string, string>): string[] => steps(planText(df, memoryContext(files), { images: alpine })).map((s) => s.key);
    const before = keys({ 'a.txt': 'a', 'b.txt': 'b' });
    const after = keys({ 'a.txt': 'a', 'b.txt': 'B' });
    expect(after.map((k, i) => k === before[i])).toEqual([true, true, false, false]);
  });
});

describe('other instruction checks at dispatch', () => {
  const cases: Array<[string, string]> = [
    ['STOPSIGNAL SIGFOO', 'Dockerfile:2: Invalid signal: SIGFOO'],
    ['EXPOSE abc', 'Dockerfile:2: invalid containerPort: abc'],
    ['EXPOSE 80/xyz', 'Dockerfile:2: invalid port: "80/xyz": invalid proto: xyz'],
    ['RUN --mount=type=cahce,target=/c x', 'Dockerfile:2: unsupported mount type "cahce" (did you mean cache?)'],
    ['RUN --mount=type=bind,size=1m,target=/x x', "Dockerfile:2: unexpected key 'size' for mount type 'bind'"],
    ['RUN --mount=type=secret x', 'Dockerfile:2: invalid secret mount. one of source, target required'],
    ['RUN --mount=type=bind,tagret=/x x', "Dockerfile:2: unexpected key 'tagret' in 'tagret=/x' (did you mean target?)"],
    ['RUN --mount=type=tmpfs,target=/t,size=big x', 'Dockerfile:2: invalid value for size: big'],
  ];
  for (const [line, message] of cases) it(line, () => expect(planError(`FROM alpine:3.20\n${line}\n`)).toBe(message));
});

describe('build options', () => {
  it('sets build.labels on the final image only and build.network as RUN\'s default', () => {
    const p = plan('FROM alpine:3.20 AS a\nRUN one\nFROM a\nLABEL own=1\nRUN --network=host two\nRUN three\n', { labels: { 'com.x': 'y' }, network: 'none' });
    expect(p.image.config.Labels).toEqual({ own: '1', 'com.x': 'y' });
    expect(p.stages[0]?.image.config.Labels).toBeUndefined();
    expect(steps(p).flatMap((s) => (s.op.kind === 'run' ? [s.op.run.network] : []))).toEqual(['none', 'host', 'none']);
  });

  it('runs RUN --security=insecure only with the entitlement', () => {
    expect(planError('FROM alpine:3.20\nRUN --security=insecure mount -t tmpfs none /mnt\n')).toBe('Dockerfile:2: granting entitlement security.insecure is not allowed by build daemon configuration');
    const p = plan('FROM alpine:3.20\nRUN --security=insecure true\n', { entitlements: ['security.insecure'] });
    expect(steps(p)[1]?.op).toMatchObject({ run: { security: 'insecure' } });
  });

  it('copies from an image on the platform of a stage built from another', () => {
    const p = plan('FROM --platform=linux/arm64 alpine:3.20 AS a\nFROM a\nCOPY --from=alpine:3.20 /etc/os-release /x\n');
    expect(steps(p).at(-1)?.op).toMatchObject({ copy: { items: [{ from: { kind: 'image' } }] } });
  });

  it('asks for each base image once, on the stage\'s platform', () => {
    expect(() => planText('FROM nope:1\n', ctx, {})).toThrow('test gives no image nope:1');
  });
});
