/**
 * The golden corpus: every project under test/fixtures/config/ must print
 * what docker compose 2.26.1 printed for it (expected.json, written by
 * scripts/gen-golden.mjs), byte for byte, with the same warnings; fixtures
 * that ask for it in case.json `outputs` are also checked in the other
 * renderings (YAML, --services, --hash '*', ...).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURES,
  fixtureNames,
  located,
  readCase,
  readExtraOutputs,
  readOptional,
  runFixture,
  sortLines,
  withoutPaths,
} from './fixtures.js';

interface KnownDifference {
  /** One line; the full story is in docs/compat.md under the fixture's name. */
  reason: string;
  /** Dotted paths into the JSON (`services.web.build.context`) left out on both sides; the rest must match. */
  paths: string[];
  /** The warnings differ as well, so stderr is not compared. */
  stderr?: boolean;
}

/**
 * Fixture → how we knowingly differ from the reference, each explained in
 * docs/compat.md. Such a fixture is still compared with the listed paths
 * removed, and the test fails once the difference is gone, so the table
 * cannot go stale.
 */
const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {};

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${what} is not JSON (${String(e)}):\n${text}`);
  }
}

describe('withoutPaths', () => {
  it('drops mapping keys and list items at dotted paths, leaving the input alone', () => {
    const input = { services: { web: { image: 'x', ports: [1, 2, 3] } }, name: 'p' };
    expect(withoutPaths(input, ['services.web.image', 'services.web.ports.1', 'absent.key'])).toEqual({
      services: { web: { ports: [1, 3] } },
      name: 'p',
    });
    expect(input.services.web.image).toBe('x');
  });
});

describe('tscompose config matches docker compose config', () => {
  const extras = readExtraOutputs();
  for (const name of fixtureNames('config')) {
    const dir = join(FIXTURES, 'config', name);
    const known = KNOWN_DIFFERENCES[name];

    it(name, async () => {
      const expectedJson = located(readOptional(join(dir, 'expected.json')) ?? '', dir);
      const expectedStderr = located(readOptional(join(dir, 'expected.stderr')) ?? '', dir);
      const r = await runFixture(dir);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.code, r.stderr).toBe(0);
      if (known?.stderr !== true) expect(r.stderr).toBe(expectedStderr);
      const ours = parseJson(r.stdout, 'our output');
      const theirs = parseJson(expectedJson, 'expected.json');
      if (known === undefined) {
        expect(ours).toEqual(theirs);
        expect(r.stdout).toBe(expectedJson);
        return;
      }
      expect(withoutPaths(ours, known.paths)).toEqual(withoutPaths(theirs, known.paths));
      expect(ours, `${name} now matches the reference: remove it from KNOWN_DIFFERENCES`).not.toEqual(theirs);
    });

    for (const output of readCase(dir).outputs) {
      it(`${name} (${output})`, async () => {
        const extra = extras[output];
        if (extra === undefined) throw new Error(`case.json asks for unknown output "${output}"`);
        const normalise = (s: string): string => (extra.sortFrom === undefined ? s : sortLines(s, extra.sortFrom));
        const expectedStdout = located(readOptional(join(dir, extra.file)) ?? '', dir);
        const expectedStderr = located(readOptional(join(dir, `${extra.file}.stderr`)) ?? '', dir);
        const r = await runFixture(dir, extra.flags);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expectedStderr });
        expect(normalise(r.stdout)).toBe(expectedStdout);
      });
    }
  }
});
