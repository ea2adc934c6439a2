#!/usr/bin/env node
/**
 * Captures what the reference (docker compose 2.26.1) prints for each case
 * under test/unit/compose/output/cases/<name>/: `config --format json` to
 * expected.json, `config` to expected.yaml and `config --hash '*'` to
 * expected.hash (unless case.json says `"hash": false`).
 *
 *   node scripts/gen-output-cases.mjs [name-filter]
 *
 * Each case runs from a copy at /tmp/tscompose-output-cases/<name>, so the
 * absolute paths in the output (and the hashes that depend on them) do not
 * depend on where the repository lives. case.json may hold
 * `{ "args": [...], "env": {...}, "hash": false }`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const casesDir = join(root, 'test', 'unit', 'compose', 'output', 'cases');
const runRoot = '/tmp/tscompose-output-cases';
const filter = process.argv[2] ?? '';
const OUTPUTS = ['expected.json', 'expected.yaml', 'expected.hash'];

function reference(dir, args, env) {
  const r = spawnSync('docker', ['compose', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, '.home'), ...env },
    encoding: 'utf8',
  });
  rmSync(join(dir, '.home'), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`docker compose ${args.join(' ')} failed in ${dir}:\n${r.stderr}`);
  return r.stdout;
}

let failed = false;
for (const name of readdirSync(casesDir).sort()) {
  const source = join(casesDir, name);
  if (!statSync(source).isDirectory() || !name.includes(filter)) continue;
  const c = existsSync(join(source, 'case.json')) ? JSON.parse(readFileSync(join(source, 'case.json'), 'utf8')) : {};
  const run = join(runRoot, name);
  rmSync(run, { recursive: true, force: true });
  cpSync(source, run, { recursive: true, filter: (p) => !OUTPUTS.some((o) => p.endsWith(`/${o}`)) });
  try {
    const args = c.args ?? [];
    writeFileSync(join(source, 'expected.json'), reference(run, [...args, 'config', '--format', 'json'], c.env ?? {}));
    writeFileSync(join(source, 'expected.yaml'), reference(run, [...args, 'config'], c.env ?? {}));
    rmSync(join(source, 'expected.hash'), { force: true });
    if (c.hash !== false) writeFileSync(join(source, 'expected.hash'), reference(run, [...args, 'config', '--hash', '*'], c.env ?? {}));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    failed = true;
  }
}
rmSync(runRoot, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
