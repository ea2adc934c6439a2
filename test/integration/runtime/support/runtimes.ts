/**
 * The OCI runtimes the runtime tests grade: the embedded one, and runc and
 * crun when installed. All three are driven through the same OCI command
 * line. crun 1.8 refuses this hybrid cgroup host, so it runs in a private
 * mount namespace with /sys/fs/cgroup/unified unmounted, where it sees plain
 * v1 (TEAM.md); the host's mounts are untouched.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type RuntimeName = 'embedded' | 'runc' | 'crun';

export interface OciRuntime {
  name: RuntimeName;
  /** The command and leading arguments, before the global --root option. */
  command: string[];
}

export const repoRoot = resolve(new URL('../../../..', import.meta.url).pathname);
export const embeddedBinary = join(repoRoot, 'native/build/tscompose-runtime');
export const payloadBinary = join(repoRoot, 'native/build/tscompose-payload');

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

let crunWrapper: string | undefined;

function crun(): string[] {
  if (crunWrapper === undefined) {
    // One fixed place, rewritten each run: a temp dir per test file would pile up.
    const dir = '/tmp/tsctr-crun-v1';
    mkdirSync(dir, { recursive: true });
    crunWrapper = join(dir, 'crun-v1');
    writeFileSync(
      crunWrapper,
      '#!/bin/sh\n' +
        '# crun 1.8 refuses hybrid cgroups: show it plain v1 in a private mount namespace.\n' +
        'exec unshare -m --propagation private sh -c \'umount /sys/fs/cgroup/unified 2>/dev/null; exec crun "$@"\' crun "$@"\n',
    );
    chmodSync(crunWrapper, 0o755);
  }
  return [crunWrapper];
}

export interface Availability {
  runtime?: OciRuntime;
  reason?: string;
}

export function runtime(name: RuntimeName): Availability {
  if (name === 'embedded') {
    return existsSync(embeddedBinary)
      ? { runtime: { name, command: [embeddedBinary] } }
      : { reason: 'native/build/tscompose-runtime is not built (npm install runs make -C native)' };
  }
  if (!works(name, ['--version'])) return { reason: `${name} is not installed` };
  if (name === 'runc') return { runtime: { name, command: ['runc'] } };
  if (!works('unshare', ['--version'])) return { reason: 'crun needs unshare(1) to run on this hybrid cgroup host' };
  return { runtime: { name, command: crun() } };
}

export const isRoot = process.getuid?.() === 0;

/** The runtimes to parameterize a suite over, with why the missing ones are skipped. */
export function runtimes(): { name: RuntimeName; runtime?: OciRuntime; reason?: string }[] {
  return (['embedded', 'runc', 'crun'] as const).map((name) => ({ name, ...runtime(name) }));
}
