#!/usr/bin/env node
/**
 * Regenerates the golden corpus from the reference binary (docker compose
 * 2.26.1): for each fixture under test/fixtures/config/ and
 * test/fixtures/invalid/, runs `docker compose <args> config --format json`
 * in a scrubbed environment (only PATH, HOME=<fixture>/.home and the case's
 * own env) so the host never leaks into the expectations, and writes what it
 * printed with the fake home replaced by `${HOME}` and the fixture's absolute
 * path by `${FIXTURE}`.
 *
 *   node scripts/gen-golden.mjs [name-filter]
 *
 * Valid fixtures get expected.json (+ expected.stderr when non-empty), and one
 * more file per entry of case.json's `outputs` (the table is
 * test/fixtures/extra-outputs.json: default YAML rendering, --services,
 * --hash '*', --images, ...); invalid ones get expected.stderr and
 * expected.code. Re-running gives the same files.
 *
 * test/fixtures/examples/<case>/case.json names a project in examples/
 * (`"example": "webstack"`) and the flags to load it with; its expected.json
 * is what the reference prints in that example's directory, the example's
 * path written as `${EXAMPLE}`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
/**
 * Other renderings a fixture may ask for in case.json `outputs`: name → the
 * flags after `config`, the file its stdout goes to (stderr, when non-empty,
 * to the same name + `.stderr`) and, for lists printed in Go map order, the
 * line from which to sort. The golden test reads the same table.
 */
const EXTRA_OUTPUTS = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'extra-outputs.json'), 'utf8'));
// Warnings carry a wall-clock timestamp; pin it to the instant the golden tests give the CLI's clock.
const PINNED_TIME = '2024-01-02T15:04:05Z';

function readCase(dir) {
  const file = join(dir, 'case.json');
  const c = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { args: c.args ?? [], env: c.env ?? {}, cwd: c.cwd ?? '.', outputs: c.outputs ?? [] };
}

/** A Go panic's goroutine dump holds addresses that change every run; its first line says what happened. */
function firstLineOfPanic(stderr) {
  return stderr.startsWith('panic: ') ? `${stderr.split('\n')[0]}\n` : stderr;
}

function runReference(dir, flags = ['--format', 'json'], example = undefined) {
  const c = readCase(dir);
  const home = join(dir, '.home');
  const result = spawnSync('docker', ['compose', ...c.args, 'config', ...flags], {
    cwd: example ?? join(dir, c.cwd),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...c.env },
    encoding: 'utf8',
  });
  // docker may create its config dir under HOME; it is no part of the fixture.
  rmSync(home, { recursive: true, force: true });
  const anonymise = (s) =>
    s
      .split(home)
      .join('${HOME}')
      .split(example ?? dir)
      .join(example === undefined ? '${FIXTURE}' : '${EXAMPLE}')
      .replace(/time="[^"]*"/g, `time="${PINNED_TIME}"`);
  return { code: result.status ?? 1, stdout: anonymise(result.stdout), stderr: firstLineOfPanic(anonymise(result.stderr)) };
}

function fixtureDirs(kind) {
  const base = join(root, 'test', 'fixtures', kind);
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .sort()
    .map((name) => join(base, name))
    .filter((d) => statSync(d).isDirectory() && d.includes(filter));
}

function write(dir, outputs) {
  for (const name of readdirSync(dir)) if (name.startsWith('expected.')) rmSync(join(dir, name), { force: true });
  for (const [name, text] of Object.entries(outputs)) if (text !== undefined) writeFileSync(join(dir, name), text);
}

/** The reference prints some lists in Go map order (random); sorted from line `from` on, they compare. */
function sortLines(text, from) {
  const lines = text.split('\n');
  const last = lines.pop();
  return [...lines.slice(0, from), ...lines.slice(from).sort(), last].join('\n');
}

function extraOutputs(dir, surprises) {
  const files = {};
  for (const name of readCase(dir).outputs) {
    const extra = EXTRA_OUTPUTS[name];
    if (extra === undefined) {
      surprises.push(`unknown output "${name}" in ${dir}/case.json`);
      continue;
    }
    const r = runReference(dir, extra.flags);
    if (r.code !== 0) surprises.push(`config ${extra.flags.join(' ')} failed (exit ${r.code}): ${dir}\n${r.stderr}`);
    files[extra.file] = extra.sortFrom === undefined ? r.stdout : sortLines(r.stdout, extra.sortFrom);
    if (r.stderr !== '') files[`${extra.file}.stderr`] = r.stderr;
  }
  return files;
}

const surprises = [];
for (const dir of fixtureDirs('config')) {
  const r = runReference(dir);
  if (r.code !== 0) surprises.push(`config fixture failed (exit ${r.code}): ${dir}\n${r.stderr}`);
  const main = { 'expected.json': r.stdout, 'expected.stderr': r.stderr === '' ? undefined : r.stderr };
  write(dir, { ...main, ...extraOutputs(dir, surprises) });
}
for (const dir of fixtureDirs('invalid')) {
  const r = runReference(dir);
  if (r.code === 0) surprises.push(`invalid fixture accepted: ${dir}`);
  write(dir, { 'expected.stderr': r.stderr, 'expected.code': `${r.code}\n` });
}
for (const dir of fixtureDirs('examples')) {
  const { example } = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
  const r = runReference(dir, undefined, join(root, 'examples', example));
  if (r.code !== 0) surprises.push(`example failed (exit ${r.code}): ${dir}\n${r.stderr}`);
  write(dir, { 'expected.json': r.stdout, 'expected.stderr': r.stderr === '' ? undefined : r.stderr });
}
for (const s of surprises) process.stderr.write(`${s}\n`);
process.exitCode = surprises.length === 0 ? 0 : 1;
