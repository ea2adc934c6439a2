/**
 * OCI bundles for runtime tests: a busybox-static rootfs with the test
 * payload at /usr/local/bin/tsctr-payload, and a config.json that starts as
 * the one Docker 20.10 rendered for `docker run` on this machine
 * (test/fixtures/runtime/docker-20.10-default.json: its 14 capabilities,
 * default seccomp profile, masked and read-only paths, device rules).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { payloadBinary, repoRoot } from './runtimes.js';

export const PAYLOAD = '/usr/local/bin/tsctr-payload';

/** A config.json as plain data; tests change what they need. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OciConfig = Record<string, any>;

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
const APPLETS = ['sh', 'true', 'false', 'ls', 'cat', 'echo', 'sleep', 'ps', 'id', 'hostname', 'mount', 'touch', 'mkdir', 'env'];

export function busyboxAvailable(): string | undefined {
  return BUSYBOX === undefined ? 'busybox-static is not installed' : undefined;
}

export function dockerDefaultConfig(): OciConfig {
  const text = readFileSync(join(repoRoot, 'test/fixtures/runtime/docker-20.10-default.json'), 'utf8');
  const config = JSON.parse(text) as OciConfig;
  config.process.args = [PAYLOAD, 'report'];
  return config;
}

function makeRootfs(dir: string): void {
  for (const d of ['bin', 'usr/local/bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root', 'home/tsctr']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(BUSYBOX as string, join(dir, 'bin/busybox'));
  for (const a of APPLETS) symlinkSync('busybox', join(dir, 'bin', a));
  copyFileSync(payloadBinary, join(dir, PAYLOAD));
  execFileSync('chmod', ['0755', join(dir, 'bin/busybox'), join(dir, PAYLOAD)]);
  execFileSync('chmod', ['1777', join(dir, 'tmp')]);
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\ntsctr:x:1000:1000:test:/home/tsctr:/bin/sh\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\ntsctr:x:1000:\n');
  writeFileSync(join(dir, 'etc/not-executable'), 'plain text\n');
}

export interface Bundle {
  dir: string;
  rootfs: string;
  config: OciConfig;
  /** Writes config.json again after a test changed `config`. */
  save(): void;
  remove(): void;
}

export function makeBundle(change?: (c: OciConfig) => void): Bundle {
  const dir = mkdtempSync('/tmp/tsctr-bundle-');
  // a user namespace's root is not the host's: it must be able to reach the rootfs
  chmodSync(dir, 0o755);
  const rootfs = join(dir, 'rootfs');
  makeRootfs(rootfs);
  const config = dockerDefaultConfig();
  config.hostname = 'tsctr-host';
  change?.(config);
  const bundle: Bundle = {
    dir,
    rootfs,
    config,
    save: () => writeFileSync(join(dir, 'config.json'), JSON.stringify(bundle.config, null, 2)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  bundle.save();
  return bundle;
}

/** The capabilities this process may pass on: its bounding set (CAP_SYS_RESOURCE is not in it here). */
export function hostCapabilities(): string[] {
  const status = readFileSync('/proc/self/status', 'utf8');
  const bnd = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(status)?.[1] ?? '0'}`);
  return CAP_NAMES.filter((_, i) => (bnd >> BigInt(i)) & 1n);
}

/**
 * What Docker changes for `privileged: true`: every capability (every one
 * this host can grant: Docker's own config asks for CAP_SYS_RESOURCE and
 * fails here), no seccomp, no masks, all devices, writable /sys.
 */
export function privileged(c: OciConfig): void {
  const all = hostCapabilities();
  c.process.capabilities = { bounding: all, effective: all, permitted: all, inheritable: all };
  delete c.linux.seccomp;
  c.linux.maskedPaths = [];
  c.linux.readonlyPaths = [];
  c.linux.resources.devices = [{ allow: true, access: 'rwm' }];
  for (const m of c.mounts as { destination: string; options: string[] }[]) {
    if (m.destination === '/sys' || m.destination === '/sys/fs/cgroup') m.options = m.options.filter((o) => o !== 'ro');
  }
}

export const CAP_NAMES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** Docker's default capability set (moby daemon/pkg/oci/caps/defaults.go). */
export const DOCKER_CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];
