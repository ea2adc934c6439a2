/** What the payload reports, and per-test bundles removed after each test. */
import { afterEach, expect } from 'vitest';
import { makeBundle, type Bundle, type OciConfig } from './bundle.js';
import { payloadJson, type RuntimeSession } from './oci.js';

export interface Report {
  hostname: string;
  domainname: string;
  cwd: string;
  uids: string;
  gids: string;
  groups: number[];
  umask: number;
  noNewPrivs: boolean;
  seccomp: number;
  oomScoreAdj: number;
  capabilities: Record<string, string[]>;
  rlimits: Record<string, { soft: number; hard: number }>;
  namespaces: Record<string, string>;
  mounts: { destination: string; type: string; options: string; superOptions: string }[];
  cgroupLimits: Record<string, string>;
  devices: Record<string, string>;
  env: string[];
  stdinTty: boolean;
  stdoutTty: boolean;
}

/** bundle() for this test; report() runs one with the payload's report and parses it. */
export function bundles(session: () => RuntimeSession): {
  bundle: (change?: (c: OciConfig) => void) => Bundle;
  report: (change?: (c: OciConfig) => void) => Report;
} {
  const made: Bundle[] = [];
  afterEach(() => {
    for (const b of made.splice(0)) b.remove();
  });
  const bundle = (change?: (c: OciConfig) => void): Bundle => {
    const b = makeBundle(change);
    made.push(b);
    return b;
  };
  const report = (change?: (c: OciConfig) => void): Report => {
    const s = session();
    const r = s.run(['run', '--bundle', bundle(change).dir, s.id()]);
    expect(r.stderr.replace(/.*warning.*\n/g, '')).toBe('');
    expect(r.status).toBe(0);
    return payloadJson<Report>(r.stdout);
  };
  return { bundle, report };
}
