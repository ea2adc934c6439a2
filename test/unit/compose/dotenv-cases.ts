/**
 * Env-file cases: the behaviours of compose-go's dotenv tests, each checked
 * against `docker compose` 2.26.1 by using the text as an `env_file` with
 * DOTENV_LOOKUP as the shell environment.
 */
export const DOTENV_LOOKUP: Readonly<Record<string, string>> = {
  FROM_SHELL: 'shell',
  OVERRIDDEN: 'from-shell',
  junk: 'J',
  ME: 'YES',
};

export interface DotenvCase {
  in: string;
  /** Expected variables (all of them). */
  out?: Record<string, string>;
  error?: string;
}

export const DOTENV_FIXTURES: Readonly<Record<string, Record<string, string>>> = {
  'after-quote.env': { AQ_A: 'value', AQ_B: 'x', AQ_C: 'y', junk: 'J' },
  'comments.env': { AFTER_BLANK: '1', INLINE: 'x', NOSPACE: 'x#y' },
  'crlf.env': { CR_A: '1', CR_B: 'two', CR_D: '4' },
  'dangling.env': { '': 'DANGLING', PRESENT: '1' },
  'escapes.env': {
    ESC_A: 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ',
    ESC_B: '\\x07 \\u12e4',
    ESC_C: 'a\\tb',
    ESC_D: 'bar\\\n\\ b\x07z',
    ESC_E: 'oct A \\1 \\ \\777 \\8',
    ESC_F: '\\c',
    ESC_G: 'end\\',
  },
  'exported.env': {
    EX_A: '1', EX_B: '\\n', EX_C: '3', EX_G: 'export me', 'export.EX_F': '6', exportEX_D: '4', export_EX_E: '5',
  },
  'inherited.env': { FROM_SHELL: 'shell', after: '2', before: '1' },
  'plain.env': {
    123: 'digits first', EMPTY_A: '', EMPTY_B: '', EQUALS: 'a=b=c', HASH: 'abc#not-a-comment', HOST: 'localhost',
    NAME: 'app db', PHRASE: 'two words', PORT: '5432', TRAILING: 'value',
    URL: 'postgres://u:p@localhost:5432/db?sslmode=disable', USER: 'admin',
  },
  'quoted.env': {
    D1: 'one', D2: '', D3: 'line\nbreak', D4: "say 'hi'", D5: 'a "quoted" word', D6: 'hash#inside', LAST: 'done',
    M1: 'first\nsecond\nthird', M2: 'alpha\nbeta', S1: 'one', S2: '', S3: '\\n stays', S4: "it's", S5: '# not a comment',
  },
  'special-keys.env': {
    'VAR-WITH-DASHES': 'dashes', 'VAR.WITH.DOTS': 'dots', VAR_WITH_UNDERSCORES: 'underscores', 'arr[0]': 'bracket',
    lower: 'case', 'árvíztűrő-TÜKÖRFÚRÓGÉP': 'ÁRVÍZTŰRŐ-tükörfúrógép',
  },
  'substitutions.env': {
    OVERRIDDEN: 'file', SUB_A: '1', SUB_B: '1', SUB_C: '1', SUB_D: '1_1', SUB_E: '', SUB_F: '1-quoted',
    SUB_G: '${SUB_A}-single', SUB_H: 'fallback', SUB_I: 'shell', SUB_J: 'from-shell', SUB_K: '$SUB_A and $SUB_A',
    SUB_L: 'alt',
  },
  'utf8-bom.env': { BOM_A: '1', BOM_B: '2' },
  'yaml-style.env': { COLON_A: '1', COLON_B: 'key=value', COLON_C: '1:2', COLON_D: 'spaced' },
};

export const DOTENV_CASES: readonly DotenvCase[] = [
  { in: 'ONE=1\nTWO=\'2\'\nTHREE = "3"', out: { ONE: '1', TWO: '2', THREE: '3' } },
  { in: 'FOO="escaped\\"bar"', out: { FOO: 'escaped"bar' } },
  { in: 'FOO="\\"quoted\\""', out: { FOO: '"quoted"' } },
  { in: 'FOO="\'d\'"', out: { FOO: "'d'" } },
  { in: 'FOO=bar # this is foo', out: { FOO: 'bar' } },
  { in: 'FOO=bar #', out: { FOO: 'bar' } },
  { in: 'FOO="bar#baz"#', out: { FOO: 'bar#baz' } },
  { in: 'FOO="bar\\nbaz\\\\"', out: { FOO: 'bar\nbaz\\' } },
  { in: 'FOO="bar\\\\r\\ b\\az"', out: { FOO: 'bar\\r\\ b\x07z' } },
  { in: '="value"', out: { '': 'value' } },
  { in: '\tKEY=value', out: { KEY: 'value' } },
  { in: 'KEY="\\U00101234"', out: { KEY: '\\U00101234' } },
  { in: 'TEST=$ME', out: { TEST: 'YES' } },
  { in: 'TEST_URLS="stratum+tcp://a:3333\nstratum+tcp://b:443"', out: { TEST_URLS: 'stratum+tcp://a:3333\nstratum+tcp://b:443' } },
  { in: 'FOO="foo\\${BAR}"', out: { FOO: 'foo${BAR}' } },
  { in: 'FOO=test\nBAR="foo\\${FOO} ${FOO}"', out: { FOO: 'test', BAR: 'foo${FOO} test' } },
  { in: 'A=1\nA=2', out: { A: '2' } },
  { in: 'FROM_SHELL=file\nB=$FROM_SHELL', out: { FROM_SHELL: 'file', B: 'shell' } },
  { in: 'A=\nB=x', out: { A: '', B: 'x' } },
  { in: '\n\r\n\t\t \n# only comments\n', out: {} },
  { in: 'A=x\u00a0\nB=\u00a0y', out: { A: 'x', B: 'y' } },
  { in: 'RESULT=${UNSET_VAR:?Test error}', error: 'required variable UNSET_VAR is missing a value: Test error' },
  { in: 'RESULT=${EMPTY_VAR?Test error}\nEMPTY_VAR=', error: 'required variable EMPTY_VAR is missing a value: Test error' },
  { in: 'EMPTY_VAR=\nRESULT=${EMPTY_VAR?Test error}', out: { EMPTY_VAR: '', RESULT: '' } },
  { in: 'A=${\n', error: 'Invalid template: "${"' },
  { in: 'A=1\nB C=2\n', error: 'line 2: key cannot contain a space' },
  { in: 'A\nB\nC D=1\n', error: 'line 3: key cannot contain a space' },
  { in: 'A B\nC=1\n', error: 'line 1: key cannot contain a space' },
  { in: '# some comments\nfoo="\n  a\n  multine\n  value\n"\nINVALID LINE\nzot=qix', error: 'line 7: key cannot contain a space' },
  { in: 'A=1\n\nB$=2\n', error: 'line 3: unexpected character "$" in variable name "B$=2"' },
  { in: 'lol$wut', error: 'line 1: unexpected character "$" in variable name "lol$wut"' },
  { in: '%!(EXTRA string)=foo', error: 'line 1: unexpected character "%" in variable name "%!(EXTRA string)=foo"' },
  { in: 'A="abc\nB=2\n', error: 'line 3: unterminated quoted value "abc' },
  { in: "A='x\\'y\nC D\n", error: "line 3: unterminated quoted value 'x\\'y" },
  { in: 'KEY="', error: 'line 1: unterminated quoted value "' },
  { in: 'KEY="value', error: 'line 1: unterminated quoted value "value' },
  { in: 'KEY="value\\"', error: 'line 1: unterminated quoted value "value\\"' },
  { in: 'KEY="value\'', error: 'line 1: unterminated quoted value "value\'' },
  { in: "KEY='", error: "line 1: unterminated quoted value '" },
  { in: "KEY='value", error: "line 1: unterminated quoted value 'value" },
  { in: "KEY='value\\'", error: "line 1: unterminated quoted value 'value\\'" },
  { in: 'KEY=\'value"', error: 'line 1: unterminated quoted value \'value"' },
];
