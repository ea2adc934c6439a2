/**
 * Shared by the golden tests: lists fixtures and runs our CLI on one exactly
 * as scripts/gen-golden.mjs runs the reference binary (same argv, cwd,
 * scrubbed environment and pinned clock), so the outputs are comparable.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../../src/cli/main.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

/** The instant gen-golden.mjs writes into the reference's warning timestamps. */
const PINNED_NOW = new Date(Date.UTC(2024, 0, 2, 15, 4, 5));

export interface FixtureCase {
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function fixtureNames(kind: 'config' | 'invalid'): string[] {
  const base = join(FIXTURES, kind);
  return readdirSync(base)
    .filter((n) => statSync(join(base, n)).isDirectory())
    .sort();
}

export function readCase(dir: string): FixtureCase {
  const file = join(dir, 'case.json');
  const c = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<FixtureCase>) : {};
  return { args: c.args ?? [], env: c.env ?? {}, cwd: c.cwd ?? '.' };
}

export function readOptional(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Puts the fixture's absolute path back where the generator wrote `${FIXTURE}`. */
export function located(text: string, dir: string): string {
  return text.split('${FIXTURE}').join(dir);
}

export async function runFixture(dir: string): Promise<CliRun> {
  const c = readCase(dir);
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: join(dir, c.cwd),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, '.home'), ...c.env },
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: () => '',
    stdoutIsTTY: false,
    now: () => PINNED_NOW,
  };
  const code = await runCli([...c.args, 'config', '--format', 'json'], io);
  return { code, stdout, stderr };
}
