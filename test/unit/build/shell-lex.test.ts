import { describe, expect, it } from 'vitest';
import { DockerfileError } from '../../../src/build/errors.js';
import { EnvList } from '../../../src/build/shell/env.js';
import { ShellLex } from '../../../src/build/shell/lex.js';

const env = EnvList.fromStrings(['HOME=/root', 'NAME=web', 'EMPTY=', 'SP=a  b', 'LEAD=  x y', 'FILE=archive.tar.gz', 'PATHS=/usr/local/bin:/usr/bin:/bin']);
const lex = new ShellLex();

// [input, expected result]; 'ERR' means the lexer must refuse it.
const wordCases: Array<[string, string]> = [
  ['plain', 'plain'],
  ['$NAME', 'web'],
  ['${NAME}', 'web'],
  ['pre-${NAME}-post', 'pre-web-post'],
  ['$NAME.conf', 'web.conf'],
  ['$UNSET', ''],
  ['a$1b', 'ab'],
  ['$', '$'],
  ['$.', '$.'],
  ['cost: $5', 'cost: '],
  ['\\$NAME', '$NAME'],
  ['\\\\$NAME', '\\web'],
  ['"$NAME"', 'web'],
  ["'$NAME'", '$NAME'],
  ['"it\'s $NAME"', "it's web"],
  ['"\\$NAME"', '$NAME'],
  ['"a\\tb"', 'a\\tb'],
  ['a\\tb', 'atb'],
  ["'a\\tb'", 'a\\tb'],
  ['"q\\"q"', 'q"q'],
  ['trailing\\', 'trailing'],
  ['${UNSET:-fallback}', 'fallback'],
  ['${EMPTY:-fallback}', 'fallback'],
  ['${EMPTY-fallback}', ''],
  ['${UNSET-fallback}', 'fallback'],
  ['${NAME:-fallback}', 'web'],
  ['${UNSET:-$NAME}', 'web'],
  ['${UNSET:-${ALSO:-deep}}', 'deep'],
  ['${NAME:+set}', 'set'],
  ['${EMPTY:+set}', ''],
  ['${EMPTY+set}', 'set'],
  ['${UNSET+set}', ''],
  ['${NAME:?must be set}', 'web'],
  ['${EMPTY?ok when empty}', ''],
  ['${UNSET:?}', 'ERR'],
  ['${EMPTY:?}', 'ERR'],
  ['${UNSET?}', 'ERR'],
  ['${FILE#*.}', 'tar.gz'],
  ['${FILE##*.}', 'gz'],
  ['${FILE%.*}', 'archive.tar'],
  ['${FILE%%.*}', 'archive'],
  ['${PATHS/bin/sbin}', '/usr/local/sbin:/usr/bin:/bin'],
  ['${PATHS//bin/sbin}', '/usr/local/sbin:/usr/sbin:/sbin'],
  ['${FILE:#x}', 'ERR'],
  ['${NAME:=x}', 'ERR'],
  ['${}', 'ERR'],
  ['${:x}', 'ERR'],
  ['${NAME', 'ERR'],
  ['${NAME:-x', 'ERR'],
  ['"unclosed', 'ERR'],
  ["'unclosed", 'ERR'],
  ['\\${NAME}', '${NAME}'],
  ['${UNSET:-\\$NAME}', '$NAME'],
  ['안녕$NAME', '안녕web'],
];

describe('ShellLex.processWord (BuildKit word expansion)', () => {
  for (const [input, want] of wordCases) {
    it(`${input} -> ${want}`, () => {
      if (want === 'ERR') expect(() => lex.processWord(input, env)).toThrow(DockerfileError);
      else expect(lex.processWord(input, env).result).toBe(want);
    });
  }

  it('names the word and the problem as BuildKit does', () => {
    expect(() => lex.processWord('${UNSET:?need a value}', env)).toThrow('failed to process "${UNSET:?need a value}": UNSET: need a value');
    expect(() => lex.processWord('${EMPTY:?}', env)).toThrow('EMPTY: is not allowed to be empty');
    expect(() => lex.processWord('x${NAME', env)).toThrow(`failed to process "x\${NAME": unsupported modifier (\ufffd) in substitution`);
    expect(() => lex.processWord('${NAME:-x', env)).toThrow("syntax error: missing '}'");
    expect(() => lex.processWord('${}', env)).toThrow('syntax error: bad substitution');
  });

  it('reports which variables it found and which it did not', () => {
    const r = lex.processWord('$NAME ${UNSET:-x} ${EMPTY}', env);
    expect([...r.matched].sort()).toEqual(['EMPTY', 'NAME']);
    expect([...r.unmatched]).toEqual(['UNSET']);
  });

  it('uses the escape directive character instead of backslash', () => {
    const tick = new ShellLex({ escapeToken: '`' });
    expect(tick.processWord('C:\\dir\\`$NAME', env).result).toBe('C:\\dir\\$NAME');
    expect(tick.processWord('"a`"b"', env).result).toBe('a"b');
  });

  it('keeps unset references and quotes when asked (how RUN lines are displayed)', () => {
    const display = new ShellLex({ rawQuotes: true, skipUnsetEnv: true });
    expect(display.processWord('echo "$NAME" $UNSET ${UNSET:-d} \'$NAME\'', env).result).toBe('echo "web" $UNSET ${UNSET:-d} \'$NAME\'');
  });

  it('can treat quotes as plain characters (heredoc bodies)', () => {
    const raw = new ShellLex({ skipProcessQuotes: true });
    expect(raw.processWord(`echo '$NAME' "$NAME"`, env).result).toBe(`echo 'web' "web"`);
  });
});

describe('ShellLex.processWords (word splitting after expansion)', () => {
  const cases: Array<[string, string[]]> = [
    ['a b  c', ['a', 'b', 'c']],
    ['x${SP}y', ['xa', 'by']],
    ['x"${SP}"y', ['xa  by']],
    ['$LEAD', ['x', 'y']],
    ['"$LEAD"', ['  x y']],
    ['a\\ b', ['a b']],
    ['"" x', ['x']],
    ['80/tcp ${UNSET}', ['80/tcp']],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${JSON.stringify(want)}`, () => {
      expect(lex.processWords(input, env)).toEqual(want);
    });
  }

  it('does not lose the start of a word before a ${var:-default}', () => {
    expect(lex.processWords('ab${UNSET:-y}c d', env)).toEqual(['abyc', 'd']);
  });
});

describe('EnvList', () => {
  it('replaces a key in place and reads the last definition', () => {
    const e = EnvList.fromStrings(['A=1', 'B=2']).with('A', '3');
    expect(e.toStrings()).toEqual(['A=3', 'B=2']);
    expect(EnvList.fromStrings(['A=1', 'A=2']).get('A')).toBe('2');
    expect(EnvList.fromStrings(['NOVALUE']).get('NOVALUE')).toBe('');
  });
});
