import { describe, expect, it } from 'vitest';
import { formatLogLine, rfc3339 } from '../../../src/cli/output/log.js';
import { tabwrite } from '../../../src/cli/output/tabwriter.js';

const table = (rows: string[][]): string => tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''));
const HEADER = ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'];

describe('tabwrite (docker compose tables)', () => {
  it('pads short cells to 20 columns and leaves the last one as is (config --variables)', () => {
    const got = table([HEADER, ['PW', 'true', '', ''], ['SUFFIX', 'false', '', '-alpine'], ['TAG', 'false', 'latest', '']]);
    expect(got).toBe(
      [
        'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE',
        'PW                  true                                    ',
        'SUFFIX              false                                   -alpine',
        'TAG                 false               latest              ',
        '',
      ].join('\n'),
    );
  });

  it('widens a column to its longest cell plus 3 (as docker compose 2.26.1 printed it)', () => {
    const got = table([
      HEADER,
      ['', 'false', '', ''],
      ['A_VERY_LONG_VARIABLE_NAME_HERE', 'false', 'a default value that is long', ''],
      ['NESTED', 'false', '${INNER:-deep}', ''],
      ['Y', 'false', '', 'alt'],
    ]);
    expect(got).toBe(
      [
        'NAME                             REQUIRED            DEFAULT VALUE                  ALTERNATE VALUE',
        '                                 false                                              ',
        'A_VERY_LONG_VARIABLE_NAME_HERE   false               a default value that is long   ',
        'NESTED                           false               ${INNER:-deep}                 ',
        'Y                                false                                              alt',
        '',
      ].join('\n'),
    );
  });

  it('counts characters, not UTF-16 units', () => {
    expect(table([['é😀', 'x']])).toBe(`é😀${' '.repeat(18)}x\n`);
  });

  it('sizes a column over each run of lines that have it', () => {
    expect(tabwrite('a\tb\tc\nlong-cell-over-twenty\td\nx\n')).toBe(
      ['a                       b                   c', 'long-cell-over-twenty   d', 'x', ''].join('\n'),
    );
    expect(tabwrite('a\tb\nno tabs\nlong-cell-over-twenty\tc\n')).toBe(
      ['a                   b', 'no tabs', 'long-cell-over-twenty   c', ''].join('\n'),
    );
  });
});

describe('warnings as logrus prints them', () => {
  const now = new Date(Date.UTC(2024, 0, 2, 15, 4, 5));
  const msg = 'The "UNSET" variable is not set. Defaulting to a blank string.';

  it('off a terminal: a logfmt line with the time', () => {
    expect(formatLogLine('warning', msg, { terminal: false, now, elapsedSeconds: 0 })).toBe(
      `time="${rfc3339(now)}" level=warning msg="The \\"UNSET\\" variable is not set. Defaulting to a blank string."\n`,
    );
  });

  it('on a terminal: yellow WARN, seconds since start, message padded to 44', () => {
    expect(formatLogLine('warning', msg, { terminal: true, now, elapsedSeconds: 0.4 })).toBe(`\x1b[33mWARN\x1b[0m[0000] ${msg} \n`);
    expect(formatLogLine('warning', 'short', { terminal: true, now, elapsedSeconds: 12 })).toBe(`\x1b[33mWARN\x1b[0m[0012] short${' '.repeat(39)} \n`);
    expect(formatLogLine('error', 'bad\n', { terminal: true, now, elapsedSeconds: 0 })).toBe(`\x1b[31mERRO\x1b[0m[0000] bad${' '.repeat(41)} \n`);
  });

  it('quotes a value only when it has characters outside logfmt bare words', () => {
    expect(formatLogLine('warning', 'plain-word_1.2/x@y^z+w', { terminal: false, now, elapsedSeconds: 0 })).toMatch(/ msg=plain-word_1\.2\/x@y\^z\+w\n$/);
    expect(formatLogLine('warning', 'tab\there', { terminal: false, now, elapsedSeconds: 0 })).toMatch(/ msg="tab\\there"\n$/);
  });

  it('prints times as Go RFC3339 in the local zone', () => {
    const s = rfc3339(now);
    expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    // Same instant as `now`, whatever the machine's zone.
    expect(new Date(s).getTime()).toBe(now.getTime());
  });
});
