/** The runtime's strict JSON parser and its SHA-256, through the test driver. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { driver, driverMissing } from './driver.js';

const dir = mkdtempSync(join(tmpdir(), 'tsctr-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string | Buffer): string => {
  const p = join(dir, `f${n++}.json`);
  writeFileSync(p, text);
  return p;
};

describe.skipIf(driverMissing !== undefined)('JSON parser', () => {
  it('reads what JSON.parse reads, keeping 64-bit integers exact', () => {
    const text = '{"a":[1,-2,3.5e3,true,false,null],"s":"t\\u00e9\\ud83d\\ude00\\n\\"","big":18446744073709551615,"o":{}}';
    const r = driver('json', file(text));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('{"a":[1,-2,3.5e3,true,false,null],"s":"té😀\\n\\"","big":18446744073709551615,"o":{}}');
  });

  it.each([
    ['{"a":1,}', '1:8: invalid JSON: expected a string key'],
    ['[1,2', '1:5: invalid JSON: expected \',\' or \']\' in array'],
    ['{"a":01}', '1:7: invalid JSON: malformed number'],
    ['{"a":"x\ty"}', '1:8: invalid JSON: control character in string'],
    ['{"a":1} x', '1:9: invalid JSON: trailing characters after the value'],
    ['{\n  "a": tru\n}', '2:8: invalid JSON: unexpected character'],
    ['"\\ud800"', '1:8: invalid JSON: lone surrogate'],
    ['"a\\u0000"', 'invalid JSON: \\u0000 is not allowed in strings'],
  ])('rejects %j with the line and column', (text, message) => {
    const r = driver('json', file(text));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
  });
});

describe.skipIf(driverMissing !== undefined)('SHA-256', () => {
  it('matches node:crypto', () => {
    for (const text of ['', 'abc', 'x'.repeat(55), 'y'.repeat(64), 'z'.repeat(1000)]) {
      expect(driver('sha256', file(text)).stdout.trim()).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
});

describe.skipIf(driverMissing !== undefined)('signal names', () => {
  it('reads names with and without SIG, numbers and real-time offsets', () => {
    expect(driver('signal', 'TERM').stdout.trim()).toBe('15');
    expect(driver('signal', 'SIGKILL').stdout.trim()).toBe('9');
    expect(driver('signal', '10').stdout.trim()).toBe('10');
    expect(Number(driver('signal', 'RTMIN+2').stdout)).toBeGreaterThan(31);
    expect(driver('signal', 'NOPE').stdout.trim()).toBe('-1');
  });
});
