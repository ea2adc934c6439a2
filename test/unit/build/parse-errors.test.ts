import { describe, expect, it } from 'vitest';
import { DockerfileError } from '../../../src/build/errors.js';
import { loadDockerfile } from '../../../src/build/load-dockerfile.js';

// [Dockerfile, the whole message]. Wording is BuildKit's; the location is
// `file:line` of the instruction's first line.
const cases: Array<[string, string]> = [
  ['FROM alpine\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\nCOPPY a b\n', 'Dockerfile:7: unknown instruction: COPPY (did you mean COPY?)'],
  ['FROM alpine\nrunn x\n', 'Dockerfile:2: unknown instruction: runn (did you mean run?)'],
  ['FROM alpine\nWorkDirr x\n', 'Dockerfile:2: unknown instruction: WorkDirr (did you mean workdir?)'],
  ['FROM alpine\nFETCH x\n', 'Dockerfile:2: unknown instruction: FETCH'],
  ['FROM alpine\nRUN a \\\n  b\nCOPPY \\\n x y\n', 'Dockerfile:4: unknown instruction: COPPY (did you mean COPY?)'],
  ['FROM\n', 'Dockerfile:1: FROM requires either one or three arguments'],
  ['FROM a b\n', 'Dockerfile:1: FROM requires either one or three arguments'],
  ['FROM a AS 1bad\n', 'Dockerfile:1: invalid name for build stage: "1bad", name can\'t start with a number or contain symbols'],
  ['FROM --plat=x a\n', 'Dockerfile:1: unknown flag: --plat'],
  ['FROM --platfrom=x a\n', 'Dockerfile:1: unknown flag: --platfrom (did you mean platform?)'],
  ['FROM a\nENV\n', 'Dockerfile:2: ENV requires at least one argument'],
  ['FROM a\nENV foo\n', 'Dockerfile:2: ENV must have two arguments'],
  ['FROM a\nENV a=1 b\n', 'Dockerfile:2: Syntax error - can\'t find = in "b". Must be of the form: name=value'],
  ['FROM a\nLABEL =x\n', 'Dockerfile:2: LABEL names can not be blank'],
  ['FROM a\nCOPY onlyone\n', 'Dockerfile:2: COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['FROM a\nADD x\n', 'Dockerfile:2: ADD requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['FROM a\nCOPY --fro=x a b\n', 'Dockerfile:2: unknown flag: --fro (did you mean from?)'],
  ['FROM a\nCOPY --from a b\n', 'Dockerfile:2: missing a value on flag: --from'],
  ['FROM a\nCOPY --link=maybe a b\n', 'Dockerfile:2: expecting boolean value for flag --link, not: maybe'],
  ['FROM a\nCOPY --link= a b\n', 'Dockerfile:2: missing a value on flag: --link'],
  ['FROM a\nCOPY --from=a --from=b x y\n', 'Dockerfile:2: duplicate flag specified: --from'],
  ['FROM a\nCOPY --checksum=x a b\n', 'Dockerfile:2: unknown flag: --checksum'],
  ['FROM a\nRUN --network=bridge x\n', 'Dockerfile:2: invalid network mode "bridge"'],
  ['FROM a\nRUN --security=privileged x\n', 'Dockerfile:2: security "privileged" is not valid'],
  ['FROM a\nRUN --mount=from=$X,target=/a x\n', "Dockerfile:2: 'from' doesn't support variable expansion, define alias stage instead"],
  ['FROM a\nRUN [ "a", 1 ]\n', 'Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only'],
  ['FROM a\nHEALTHCHECK CONNECT x\n', 'Dockerfile:2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)'],
  ['FROM a\nHEALTHCHECK --interval=5 CMD x\n', 'Dockerfile:2: time: missing unit in duration "5"'],
  ['FROM a\nHEALTHCHECK --interval=5q CMD x\n', 'Dockerfile:2: time: unknown unit "q" in duration "5q"'],
  ['FROM a\nHEALTHCHECK --timeout=soon CMD x\n', 'Dockerfile:2: time: invalid duration "soon"'],
  ['FROM a\nHEALTHCHECK --interval=1ns CMD x\n', 'Dockerfile:2: Interval "interval" cannot be less than 1ms'],
  ['FROM a\nHEALTHCHECK --retries=-1 CMD x\n', 'Dockerfile:2: --retries cannot be negative (-1)'],
  ['FROM a\nHEALTHCHECK --retries=x CMD x\n', 'Dockerfile:2: strconv.ParseInt: parsing "x": invalid syntax'],
  ['FROM a\nHEALTHCHECK NONE x\n', 'Dockerfile:2: HEALTHCHECK NONE takes no arguments'],
  ['FROM a\nHEALTHCHECK CMD\n', 'Dockerfile:2: Missing command after HEALTHCHECK CMD'],
  ['FROM a\nHEALTHCHECK\n', 'Dockerfile:2: HEALTHCHECK requires at least one argument'],
  ['FROM a\nSHELL /bin/sh -c\n', 'Dockerfile:2: SHELL requires the arguments to be in JSON form'],
  ['FROM a\nSHELL []\n', 'Dockerfile:2: SHELL requires at least one argument'],
  ['FROM a\nONBUILD ONBUILD RUN x\n', 'Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'],
  ['FROM a\nONBUILD FROM x\n', "Dockerfile:2: FROM isn't allowed as an ONBUILD trigger"],
  ['FROM a\nONBUILD\n', 'Dockerfile:2: ONBUILD requires at least one argument'],
  ['FROM a\nUSER\n', 'Dockerfile:2: USER requires exactly one argument'],
  ['FROM a\nEXPOSE\n', 'Dockerfile:2: EXPOSE requires at least one argument'],
  ['FROM a\nVOLUME [" "]\n', 'Dockerfile:2: VOLUME specified can not be an empty string'],
  ['FROM a\nARG =x\n', 'Dockerfile:2: ARG names can not be blank'],
  ['FROM a\nSTOPSIGNAL\n', 'Dockerfile:2: STOPSIGNAL requires exactly one argument'],
  ['FROM a\nRUN <<EOF\necho hi\n', 'Dockerfile:2: unterminated heredoc'],
  ['FROM a\nCOPY a <<EOF\nx\nEOF\n', 'Dockerfile:2: COPY cannot accept a heredoc as a destination'],
  ['RUN echo\nFROM a\n', 'Dockerfile:1: no build stage in current context'],
  ['ARG A=1\n', 'Dockerfile: dockerfile contains no stages to build'],
  ['# just a comment\n\n', 'Dockerfile:2: file with no instructions'],
  ['# escape=x\nFROM a\n', 'Dockerfile:1: invalid escape token \'x\' does not match ` or \\'],
  ['# escape=`\n# escape=\\\nFROM a\n', 'Dockerfile:2: only one escape parser directive can be used'],
  ['', 'Dockerfile: the Dockerfile cannot be empty'],
];

describe('Dockerfile errors name the file, the line and the problem in BuildKit\'s words', () => {
  for (const [text, message] of cases) {
    it(message, () => {
      let err: unknown;
      try {
        loadDockerfile(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DockerfileError);
      expect((err as Error).message).toBe(message);
    });
  }

  it('uses the file name it was given', () => {
    expect(() => loadDockerfile('FROM a\nCOPPY a b\n', 'app/Dockerfile.dev')).toThrow('app/Dockerfile.dev:2: unknown instruction: COPPY');
  });
});

describe('parser details', () => {
  it('reads a leading -word as an argument, not a flag', () => {
    const { model } = loadDockerfile('FROM a\nCOPY -from=a x y\nWORKDIR a b\n');
    expect(model.stages[0]?.commands[0]).toMatchObject({ sources: ['-from=a', 'x'], dest: 'y', from: '' });
    expect(model.stages[0]?.commands[1]).toMatchObject({ path: 'a b' });
  });

  it('keeps a # that is not at the start of a line as text', () => {
    const { model } = loadDockerfile('FROM a\nRUN echo a # not a comment\n');
    expect(model.stages[0]?.commands[0]).toMatchObject({ cmdLine: ['echo a # not a comment'] });
  });

  it('does not read directives after the first instruction, comment or blank line', () => {
    expect(loadDockerfile('# syntax=x\n\n# escape=`\nFROM a\n').model.escapeToken).toBe('\\');
    expect(loadDockerfile('# hello\n# escape=`\nFROM a\n').model.escapeToken).toBe('\\');
    expect(loadDockerfile('  #   ESCAPE = ` \nFROM a\n').model.escapeToken).toBe('`');
  });

  it('drops a byte-order mark and reads CRLF line endings', () => {
    const { model } = loadDockerfile('\ufeffFROM a\r\nRUN one \\\r\n  two\r\n');
    expect(model.stages[0]?.commands[0]).toMatchObject({ cmdLine: ['one   two'], range: { start: 2, end: 3 } });
  });

  it('records the lines each instruction spans, heredoc bodies included', () => {
    const { model } = loadDockerfile('FROM a\n\nRUN <<EOF\nx\nEOF\nCMD ["b"]\n');
    const [run, cmd] = model.stages[0]?.commands ?? [];
    expect(run?.range).toEqual({ start: 3, end: 5 });
    expect(cmd?.range).toEqual({ start: 6, end: 6 });
  });

  it('treats a JSON array that is not valid JSON as shell form', () => {
    const { model } = loadDockerfile("FROM a\nCMD ['single', 'quotes']\nENTRYPOINT []\n");
    expect(model.stages[0]?.commands[0]).toMatchObject({ cmdLine: ["['single', 'quotes']"], prependShell: true });
    expect(model.stages[0]?.commands[1]).toMatchObject({ cmdLine: [], prependShell: false });
  });

  it('lowercases stage names and keeps metadata ARGs apart', () => {
    const { model } = loadDockerfile('ARG V=1\nARG B\nFROM x AS Build\nFROM build\n');
    expect(model.stages.map((s) => s.name)).toEqual(['build', '']);
    expect(model.metaArgs.flatMap((m) => m.args)).toEqual([{ key: 'V', value: '1' }, { key: 'B' }]);
  });
});
