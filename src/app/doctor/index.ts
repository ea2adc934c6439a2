/** Runs every check in a fixed order; the CLI prints the results and fails on any `fail`. */
import { checkCapabilities, checkCgroups, checkKernel, checkNamespaces, checkOverlay, checkSeccomp } from './checks-kernel.js';
import { checkDisk, checkNode, checkPrograms, checkRoot, checkRuntime } from './checks-host.js';
import { checkForwarding, checkIptables, checkLinks } from './checks-net.js';
import type { CheckResult, DoctorHost } from './types.js';

export type { CheckResult, DoctorHost, Verdict } from './types.js';

export interface DoctorOptions {
  cgroupRoot?: string;
  pid?: number;
}

export async function runDoctor(host: DoctorHost, opts: DoctorOptions = {}): Promise<CheckResult[]> {
  const root = checkRoot(host);
  const results = [checkNode(host), root, checkKernel(host), checkNamespaces(host), checkCgroups(opts.cgroupRoot), await checkOverlay(host)];
  results.push(checkSeccomp(host), checkCapabilities(host));
  // Without root the kernel answers "permission denied" to everything below; say so once instead.
  if (root.verdict === 'ok') results.push(await checkIptables(host), ...(await checkLinks(host, opts.pid ?? process.pid)), checkForwarding(host));
  results.push(checkPrograms(host), await checkRuntime(host), checkDisk(host));
  return results;
}
