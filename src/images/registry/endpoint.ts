/**
 * Where a registry is reached: HTTPS, except loopback registries and those
 * listed as insecure (plain HTTP, as dockerd allows for 127.0.0.0/8 and its
 * `insecure-registries`), and Docker Hub through its mirrors first.
 */
import { registryHost } from '../reference.js';

export interface Endpoint {
  /** `https://registry-1.docker.io` */
  base: string;
  /** The registry as the user names it, for messages. */
  name: string;
  mirror: boolean;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  // node:net (and the stream modules under it) only when the name is no plain IPv4 address.
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) ? process.getBuiltinModule('node:net').isIP(h) === 4 : false) return h.startsWith('127.');
  return h === '::1';
}

export function isInsecure(domain: string, insecure: readonly string[]): boolean {
  return isLoopback(domain) || insecure.some((i) => i.replace(/^[a-z]+:\/\//, '').replace(/\/$/, '') === domain);
}

export function endpointsFor(domain: string, opts: { insecureRegistries?: readonly string[]; mirrors?: readonly string[] }): Endpoint[] {
  const scheme = isInsecure(domain, opts.insecureRegistries ?? []) ? 'http' : 'https';
  const origin: Endpoint = { base: `${scheme}://${registryHost(domain)}`, name: domain, mirror: false };
  if (domain !== 'docker.io') return [origin];
  const mirrors = (opts.mirrors ?? []).map((m) => {
    const url = /^[a-z]+:\/\//.test(m) ? m : `https://${m}`;
    return { base: url.replace(/\/+$/, ''), name: url, mirror: true };
  });
  return [...mirrors, origin];
}
