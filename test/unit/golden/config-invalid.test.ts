/**
 * The malformed corpus: every project under test/fixtures/invalid/ must fail
 * with the reference's exit code (expected.code, from docker compose 2.26.1),
 * say what expect.json says it must, point at the offending node as
 * `<file>:<line>:<col>: ` at the start of the message, and never show a stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { FIXTURES, fixtureNames, located, runFixture } from './fixtures.js';

interface Expectation {
  /** Substrings of stderr, written with `${FIXTURE}` for the fixture's path. */
  contains: string[];
  /** `<base name>:<line>:<col>` (or `<base name>:<line>`) of the offending node. */
  location?: string;
}

interface KnownDifference {
  /** One line; the full story is in docs/compat.md under the fixture's name. */
  reason: string;
  /** Our exit code, where it knowingly differs from the reference's. */
  code: number;
}

/**
 * Fixture → how we knowingly differ from the reference, each explained in
 * docs/compat.md. Everything else (contains, location, no stack, empty
 * stdout) is still asserted, and the entry fails once the difference is gone.
 */
const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'unknown-key-extends': {
    reason: 'compose-go v2.4.8 panics (exit 2) on an extends without service; we report the missing key',
    code: ExitCode.fileParseFailure,
  },
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The file part is a path as printed (absolute or relative), so anchor on its base name. */
export function locationPattern(location: string): RegExp {
  const [file = '', line = '', col] = location.split(':');
  const tail = col === undefined ? `${line}:\\d+` : `${line}:${col}`;
  return new RegExp(`^(?:\\S*/)?${escapeRegExp(file)}:${tail}: `, 'm');
}

describe('tscompose config rejects malformed projects like docker compose', () => {
  it('anchors locations on the base name, line and column', () => {
    expect('/a/compose.yaml:3:5: boom').toMatch(locationPattern('compose.yaml:3:5'));
    expect('compose.yaml:3:5: boom').toMatch(locationPattern('compose.yaml:3:5'));
    expect('/a/compose.yaml:3:7: boom').toMatch(locationPattern('compose.yaml:3'));
    expect('/a/compose.yaml:3:6: boom').not.toMatch(locationPattern('compose.yaml:3:5'));
    expect('/a/xcompose.yaml:3:5: boom').not.toMatch(locationPattern('compose.yaml:3:5'));
  });

  for (const name of fixtureNames('invalid')) {
    const dir = join(FIXTURES, 'invalid', name);
    const known = KNOWN_DIFFERENCES[name];
    it(name, async () => {
      const referenceCode = Number(readFileSync(join(dir, 'expected.code'), 'utf8').trim());
      const expectation = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expectation;
      const r = await runFixture(dir);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
      if (known !== undefined) expect(referenceCode, `${name}: the reference changed, revisit KNOWN_DIFFERENCES`).not.toBe(known.code);
      expect(r.code, r.stderr).toBe(known?.code ?? referenceCode);
      expect(r.code).not.toBe(0);
      for (const s of expectation.contains) expect(r.stderr).toContain(located(s, dir));
      if (expectation.location !== undefined) expect(r.stderr).toMatch(locationPattern(expectation.location));
    });
  }
});
