/** One describe block per runtime, skipped with the reason when it cannot run here. */
import { afterAll, describe } from 'vitest';
import { busyboxAvailable } from './bundle.js';
import { RuntimeSession } from './oci.js';
import { isRoot, runtimes, type OciRuntime, type RuntimeName } from './runtimes.js';

export function skipReason(entry: { reason?: string }): string | undefined {
  return !isRoot ? 'needs root' : (entry.reason ?? busyboxAvailable());
}

export function eachRuntime(title: string, body: (session: () => RuntimeSession, rt: RuntimeName) => void, only?: RuntimeName[]): void {
  for (const entry of runtimes()) {
    if (only && !only.includes(entry.name)) continue;
    const reason = skipReason(entry);
    describe.skipIf(reason !== undefined)(`${title} [${entry.name}]${reason ? ` (skipped: ${reason})` : ''}`, () => {
      let s: RuntimeSession | undefined;
      body(() => (s ??= new RuntimeSession(entry.runtime as OciRuntime)), entry.name);
      afterAll(() => s?.cleanup());
    });
  }
}
