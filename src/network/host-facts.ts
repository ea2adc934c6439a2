/**
 * What the driver reads from and writes to /proc of the network namespace it
 * runs in: bound sockets, the ephemeral port range, sysctls, the machine id.
 * `procRoot` moves it under a temp dir for tests.
 */
import { fsPromises } from '../host/fs.js';
import { join } from 'node:path';
import { NetworkHostError } from './errors.js';
import { parsePortRange, parseProcNet, type HostSocket, type PortRange } from './ports.js';

export interface HostFacts {
  sockets(): Promise<HostSocket[]>;
  ephemeralRange(): Promise<PortRange>;
  /** `net/ipv4/ip_forward` style keys; leaves the value alone when it already holds it. */
  sysctl(key: string, value: string): Promise<void>;
  /** The value of a sysctl, trimmed; undefined when there is no such key. */
  readSysctl(key: string): Promise<string | undefined>;
  /** The entries of a sysctl directory (`net/ipv6/conf`: the interfaces). */
  listSysctl(dir: string): Promise<string[]>;
  machineId(): Promise<string>;
  /** Who holds a socket, for the message: `nginx (pid 412)`. */
  socketOwner(inode: string): Promise<string | undefined>;
  resolvConf(): Promise<string>;
}

export function procHostFacts(procRoot = '/proc', etcRoot = '/etc'): HostFacts {
  return {
    async sockets() {
      const out: HostSocket[] = [];
      for (const [file, proto] of [
        ['tcp', 'tcp'],
        ['tcp6', 'tcp'],
        ['udp', 'udp'],
        ['udp6', 'udp'],
      ] as const) {
        const text = await fsPromises().readFile(join(procRoot, 'net', file), 'utf8').catch(() => '');
        out.push(...parseProcNet(text, proto));
      }
      return out;
    },
    async ephemeralRange() {
      return parsePortRange(await fsPromises().readFile(join(procRoot, 'sys/net/ipv4/ip_local_port_range'), 'utf8').catch(() => ''));
    },
    async sysctl(key, value) {
      const path = join(procRoot, 'sys', key);
      const cur = await fsPromises().readFile(path, 'utf8').catch(() => undefined);
      if (cur?.trim() === value) return;
      try {
        await fsPromises().writeFile(path, value);
      } catch (e) {
        throw new NetworkHostError(`sysctl ${key.replaceAll('/', '.')}=${value}: ${(e as Error).message}`, undefined, { cause: e });
      }
    },
    async readSysctl(key) {
      return (await fsPromises().readFile(join(procRoot, 'sys', key), 'utf8').catch(() => undefined))?.trim();
    },
    listSysctl(dir) {
      return fsPromises().readdir(join(procRoot, 'sys', dir)).catch(() => []);
    },
    async machineId() {
      return (await fsPromises().readFile(join(etcRoot, 'machine-id'), 'utf8').catch(() => 'tscompose')).trim();
    },
    async socketOwner(inode) {
      const target = `socket:[${inode}]`;
      for (const pid of (await fsPromises().readdir(procRoot).catch(() => [])).filter((p) => /^\d+$/.test(p))) {
        const fds = await fsPromises().readdir(join(procRoot, pid, 'fd')).catch(() => []);
        for (const fd of fds) {
          if ((await fsPromises().readlink(join(procRoot, pid, 'fd', fd)).catch(() => '')) !== target) continue;
          const comm = (await fsPromises().readFile(join(procRoot, pid, 'comm'), 'utf8').catch(() => '?')).trim();
          return `${comm} (pid ${pid})`;
        }
      }
      return undefined;
    },
    resolvConf() {
      return fsPromises().readFile(join(etcRoot, 'resolv.conf'), 'utf8').catch(() => '');
    },
  };
}
