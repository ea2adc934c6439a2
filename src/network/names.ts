/**
 * Deterministic names of the kernel objects the driver creates. Interface
 * names are at most 15 bytes (IFNAMSIZ - 1), so they carry an 11-hex-digit
 * hash, not the compose name (which the records and the link's ifalias keep):
 *
 *   bridge        tscb<id>      id = hash(network name)
 *   host veth     tscv<ep>      ep = hash(sandbox id, network name)
 *   filter chain  TSC-N-<id>    the network's forwarding rules
 *   nat chain     TSC-P-<id>    the network's masquerading
 *   nat chain     TSC-D-<ep>    one endpoint's published ports
 *
 * and the shared chains TSC-FORWARD, TSC-INPUT, TSC-ISOLATION-1/2 (filter),
 * TSC-DNAT and TSC-POSTROUTING (nat), jumped to from the built-in chains.
 */

import { sha256Hex } from './sha256.js';

const ID_DIGITS = 11;
/** An attach names the same few networks and endpoints several times: a sha256 each was a measurable share of its CPU. */
const memo = new Map<string, string>();
const MEMO_SIZE = 4096;

function hash(...parts: string[]): string {
  const key = parts.join('\0');
  let id = memo.get(key);
  if (id === undefined) {
    id = sha256Hex(key).slice(0, ID_DIGITS);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(key, id);
  }
  return id;
}

export function networkId(name: string): string {
  return hash('network', name);
}

export function endpointId(sandbox: string, network: string): string {
  return hash('endpoint', sandbox, network);
}

export const bridgeName = (netId: string): string => `tscb${netId}`;
export const hostVethName = (epId: string): string => `tscv${epId}`;

export const CHAINS = {
  forward: 'TSC-FORWARD',
  input: 'TSC-INPUT',
  isolation1: 'TSC-ISOLATION-1',
  isolation2: 'TSC-ISOLATION-2',
  dnat: 'TSC-DNAT',
  postrouting: 'TSC-POSTROUTING',
} as const;

export const networkFilterChain = (netId: string): string => `TSC-N-${netId}`;
export const networkNatChain = (netId: string): string => `TSC-P-${netId}`;
export const endpointDnatChain = (epId: string): string => `TSC-D-${epId}`;

/** What the kernel accepts as an interface name (dev_valid_name). */
export function validIfname(name: string): boolean {
  return name.length > 0 && Buffer.byteLength(name) <= 15 && name !== '.' && name !== '..' && !/[/:\s]/.test(name);
}

/** Sandbox ids become file names and hash inputs. */
export function validSandboxId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(id);
}

/** The ifalias the driver stamps on its links, so a person (and recovery) can tell whose they are. */
export function linkAlias(fields: Record<string, string>): string {
  return `tscompose ${Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`.slice(0, 255);
}

export function parseLinkAlias(alias: string | undefined): Record<string, string> | undefined {
  if (alias === undefined || !alias.startsWith('tscompose ')) return undefined;
  const out: Record<string, string> = {};
  for (const field of alias.slice('tscompose '.length).split(' ')) {
    const eq = field.indexOf('=');
    if (eq > 0) out[field.slice(0, eq)] = field.slice(eq + 1);
  }
  return out;
}
