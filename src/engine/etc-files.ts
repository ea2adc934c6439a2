/**
 * The /etc files Docker writes for every container when nobody else
 * provides them (the network driver gives hosts and resolv.conf of attached
 * containers): hosts with the loopback names, and the host's resolv.conf
 * without loopback name servers, which a container's own network cannot
 * reach (Docker's libnetwork/resolvconf FilterResolvDNS).
 */
export const DEFAULT_HOSTS = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
  '',
].join('\n');

const FALLBACK_DNS = ['nameserver 8.8.8.8', 'nameserver 8.8.4.4'];

export function containerResolvConf(hostResolvConf: string, hostNetwork: boolean): string {
  if (hostNetwork) return hostResolvConf;
  const lines = hostResolvConf.replace(/\n+$/, '').split('\n');
  const kept = lines.filter((l) => {
    const m = /^\s*nameserver\s+(\S+)/.exec(l);
    return m === null || !(m[1]?.startsWith('127.') === true || m[1] === '::1');
  });
  if (!kept.some((l) => /^\s*nameserver\s/.test(l))) kept.push(...FALLBACK_DNS);
  const text = kept.join('\n').replace(/\n*$/, '\n');
  return text;
}
