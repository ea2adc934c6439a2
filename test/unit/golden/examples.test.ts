/**
 * Every project in examples/ prints what docker compose 2.26.1 printed for it
 * (test/fixtures/examples/<case>/expected.json, written by
 * scripts/gen-golden.mjs), byte for byte and without warnings, so the
 * examples stay files a Docker Compose user can take as they are.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src/cli/main.js';
import { FIXTURES } from './fixtures.js';

const EXAMPLES = resolve(FIXTURES, '..', '..', 'examples');

interface ExampleCase {
  example: string;
  args?: string[];
}

async function configOf(caseDir: string, c: ExampleCase): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: join(EXAMPLES, c.example),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(caseDir, '.home') },
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: () => '',
    stdoutIsTTY: false,
  };
  const code = await runCli([...(c.args ?? []), 'config', '--format', 'json'], io);
  return { code, stdout, stderr };
}

describe('the examples read as docker compose reads them', () => {
  const cases = readdirSync(join(FIXTURES, 'examples')).sort();
  it('cover every example project', () => {
    const named = new Set(cases.map((n) => (JSON.parse(readFileSync(join(FIXTURES, 'examples', n, 'case.json'), 'utf8')) as ExampleCase).example));
    const projects = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, 'compose.yaml')));
    expect([...named].sort()).toEqual(projects.sort());
  });
  for (const name of cases) {
    it(name, async () => {
      const dir = join(FIXTURES, 'examples', name);
      const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as ExampleCase;
      const expected = readFileSync(join(dir, 'expected.json'), 'utf8').split('${EXAMPLE}').join(join(EXAMPLES, c.example));
      const got = await configOf(dir, c);
      expect(got.stderr).toBe('');
      expect(got.code).toBe(0);
      expect(got.stdout).toBe(expected);
    });
  }
});
