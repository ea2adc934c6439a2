/**
 * The golden corpus: every project under test/fixtures/config/ must print
 * what docker compose 2.26.1 printed for it (expected.json, written by
 * scripts/gen-golden.mjs), byte for byte, with the same warnings.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureNames, located, readOptional, runFixture } from './fixtures.js';

/** Fixture → why we knowingly differ from the reference; each one is explained in docs/compat.md. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

describe('tscompose config matches docker compose config', () => {
  for (const name of fixtureNames('config')) {
    const dir = join(FIXTURES, 'config', name);
    const test = name in KNOWN_DIFFERENCES ? it.skip : it;
    test(name, async () => {
      const expectedJson = located(readOptional(join(dir, 'expected.json')) ?? '', dir);
      const expectedStderr = located(readOptional(join(dir, 'expected.stderr')) ?? '', dir);
      const r = await runFixture(dir);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expectedStderr });
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(expectedJson));
      expect(r.stdout).toBe(expectedJson);
    });
  }
});
