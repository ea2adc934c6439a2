/**
 * A large compose project asks the launcher for V8's long-run flags before
 * its files are parsed; a small one does not (src/host/long-run.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../../src/app/load-project.js';
import { hostFs } from '../../../src/host/fs.js';
import { LONG_RUN_SOURCE_BYTES } from '../../../src/host/long-run.js';

const HOOK = Symbol.for('tscompose.longRun');
const hooks = globalThis as { [HOOK]?: () => void };

function services(n: number): string {
  let s = 'name: tsctlongrun\nservices:\n';
  for (let i = 0; i < n; i++) s += `  s${i}:\n    image: busybox\n    environment: [INDEX=${i}]\n`;
  return s;
}

describe('the long-run hint', () => {
  let dir: string;
  let calls: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsctlongrun-'));
    calls = 0;
    hooks[HOOK] = () => void calls++;
  });
  afterEach(() => {
    delete hooks[HOOK];
    rmSync(dir, { recursive: true, force: true });
  });
  const load = (yaml: string): number => {
    writeFileSync(join(dir, 'compose.yaml'), yaml);
    const host = { cwd: dir, env: {}, fs: hostFs, homeDir: dir, readStdin: () => '' };
    return Object.keys(loadComposeProject({ files: [], envFiles: [], profiles: [], dryRun: false, verbose: false }, host, {}).project.model.services ?? {}).length;
  };

  it('is not given for a small project', () => {
    expect(load(services(3))).toBe(3);
    expect(calls).toBe(0);
  });

  it('is given once the compose files reach the threshold', () => {
    let n = 1;
    while (services(n).length < LONG_RUN_SOURCE_BYTES) n++;
    expect(load(services(n - 1))).toBe(n - 1);
    expect(calls).toBe(0);
    expect(load(services(n))).toBe(n);
    expect(calls).toBe(1);
  });

  it('changes nothing without the launcher', () => {
    delete hooks[HOOK];
    expect(load(services(400))).toBe(400);
  });
});
