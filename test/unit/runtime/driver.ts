/** Runs native/build/tscompose-runtime-test, the runtime's modules behind a test command line. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const binary = join(resolve(new URL('../../..', import.meta.url).pathname), 'native/build/tscompose-runtime-test');

export const driverMissing = existsSync(binary) ? undefined : 'native/build/tscompose-runtime-test is not built (npm install runs make -C native)';

export function driver(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(binary, args, { encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
