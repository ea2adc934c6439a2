/**
 * globalSetup of the privileged tiers: the host must look the same after the
 * suite as before it. Anything a test created and did not remove fails the
 * run, even when every test passed.
 */
import { leakedSince, snapshotHost, type HostObjects } from './host-objects.js';

let before: HostObjects | undefined;

export function setup(): void {
  if (process.getuid?.() === 0) before = snapshotHost();
}

export function teardown(): void {
  if (before === undefined) return;
  const leaked = leakedSince(before, snapshotHost());
  const kinds = Object.keys(leaked);
  if (kinds.length === 0) return;
  const lines = kinds.flatMap((k) => (leaked[k] ?? []).map((item) => `  ${k}: ${item}`));
  // vitest only logs an error thrown here; the exit code is what CI reads.
  process.exitCode = 1;
  throw new Error(`host objects leaked by the suite:\n${lines.join('\n')}`);
}
