/**
 * globalSetup of the privileged tiers: the host must look the same after the
 * suite as before it. Anything a test created and did not remove fails the
 * run, even when every test passed.
 */
import { leakedSince, snapshotHost, type HostObjects } from './host-objects.js';

let before: HostObjects | undefined;

/** How long an object may take to go away: others' runs on a shared machine make and remove their own. */
const SETTLE_MS = Number(process.env.TSCOMPOSE_LEAK_SETTLE_MS ?? 20_000);

export function setup(): void {
  if (process.getuid?.() === 0) before = snapshotHost();
}

/** What is still there of `first`: an object another run made after ours began and then removed is not ours. */
function stillThere(first: HostObjects, now: HostObjects): HostObjects {
  const out: HostObjects = {};
  for (const [k, items] of Object.entries(first)) {
    const present = new Set(now[k] ?? []);
    const kept = items.filter((i) => present.has(i));
    if (kept.length > 0) out[k] = kept;
  }
  return out;
}

export async function teardown(): Promise<void> {
  if (before === undefined) return;
  let leaked = leakedSince(before, snapshotHost());
  for (let waited = 0; Object.keys(leaked).length > 0 && waited < SETTLE_MS; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    leaked = stillThere(leaked, snapshotHost());
  }
  const kinds = Object.keys(leaked);
  if (kinds.length === 0) return;
  const lines = kinds.flatMap((k) => (leaked[k] ?? []).map((item) => `  ${k}: ${item}`));
  // vitest only logs an error thrown here; the exit code is what CI reads.
  process.exitCode = 1;
  throw new Error(`host objects leaked by the suite:\n${lines.join('\n')}`);
}
