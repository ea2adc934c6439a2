import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/errors.js';
import { DotenvError, parseDotenv } from '../../../src/compose/dotenv.js';
import { DOTENV_CASES, DOTENV_FIXTURES, DOTENV_LOOKUP } from './dotenv-cases.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/dotenv/', import.meta.url));
const lookup = (name: string): string | undefined => DOTENV_LOOKUP[name];

function parse(content: string, warn?: (m: string) => void): { out?: Record<string, string>; error?: string } {
  try {
    return { out: parseDotenv(content, { filename: 'test.env', lookup, warn }) };
  } catch (err) {
    if (!(err instanceof ComposeError)) throw err;
    return { error: err.message };
  }
}

describe('parseDotenv fixtures', () => {
  it.each(Object.entries(DOTENV_FIXTURES))('%s', (file, expected) => {
    const got = parse(readFileSync(`${FIXTURES}${file}`, 'utf8'));
    expect(got).toEqual({ out: expected });
  });

  it('the BOM fixture really starts with a BOM', () => {
    expect(readFileSync(`${FIXTURES}utf8-bom.env`, 'utf8').startsWith('\uFEFF')).toBe(true);
  });

  it('warns about unset variables it expands, once per reference', () => {
    const warnings: string[] = [];
    parse(readFileSync(`${FIXTURES}substitutions.env`, 'utf8'), (m) => warnings.push(m));
    expect(warnings).toEqual(['The "SUB_UNDEFINED" variable is not set. Defaulting to a blank string.']);
  });
});

describe('parseDotenv', () => {
  it.each(DOTENV_CASES.map((c) => [JSON.stringify(c.in), c] as const))('%s', (_name, c) => {
    expect(parse(c.in)).toEqual(c.error === undefined ? { out: c.out } : { error: c.error });
  });

  it('reports syntax errors with the file and line', () => {
    let caught: unknown;
    try {
      parseDotenv('A=1\nB C=2\n', { filename: '/p/x.env', lookup });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DotenvError);
    expect(caught).toMatchObject({ code: 'E_DOTENV', filename: '/p/x.env', line: 2 });
  });

  it('asks the lookup only for the variables it needs', () => {
    const asked: string[] = [];
    parseDotenv('A=1\nNOT_FOUND\nB=${A}', { filename: 'x', lookup: (k) => { asked.push(k); return undefined; } });
    expect(asked).toEqual(['NOT_FOUND', 'A']);
  });

  it('parses 1000 lines', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `KEY${i}=VALUE${i}`);
    const out = parseDotenv(lines.join('\n'), { filename: 'x', lookup });
    expect(Object.keys(out)).toHaveLength(1000);
    expect(out.KEY999).toBe('VALUE999');
  });
});
