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
  /** Extra renderings to check besides the JSON, names from extra-outputs.json. */
  outputs: string[];
}

/** One extra rendering, as test/fixtures/extra-outputs.json describes it for the generator too. */
export interface ExtraOutput {
  flags: string[];
  file: string;
  /** The reference prints these lines in Go map order, so both sides are compared sorted from here on. */
  sortFrom?: number;
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
  return { args: c.args ?? [], env: c.env ?? {}, cwd: c.cwd ?? '.', outputs: c.outputs ?? [] };
}

export function readExtraOutputs(): Record<string, ExtraOutput> {
  return JSON.parse(readFileSync(join(FIXTURES, 'extra-outputs.json'), 'utf8')) as Record<string, ExtraOutput>;
}

/** Sorts the lines from `from` on, as gen-golden.mjs does for lists printed in Go map order. */
export function sortLines(text: string, from: number): string {
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  return [...lines.slice(0, from), ...lines.slice(from).sort(), last].join('\n');
}

export function readOptional(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Puts the absolute paths back where the generator wrote `${HOME}` (the fake home) and `${FIXTURE}`. */
export function located(text: string, dir: string): string {
  return text.split('${HOME}').join(join(dir, '.home')).split('${FIXTURE}').join(dir);
}

/** Runs `tscompose <case args> config <flags>` on a fixture; the flags default to the JSON rendering. */
export async function runFixture(dir: string, flags: readonly string[] = ['--format', 'json']): Promise<CliRun> {
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
  const code = await runCli([...c.args, 'config', ...flags], io);
  return { code, stdout, stderr };
}

/**
 * A copy of a JSON value without the given dotted paths (`services.web.ports.0`),
 * so a known difference leaves the rest of the output to compare.
 */
export function withoutPaths(value: unknown, paths: readonly string[]): unknown {
  const copy = structuredClone(value);
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let node: unknown = copy;
    for (const k of keys) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[last];
  }
  return copy;
}
