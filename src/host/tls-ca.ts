/**
 * The certificates a TLS client of ours trusts: Node's bundled roots plus
 * the file NODE_EXTRA_CA_CERTS names, read when the first TLS connection is
 * made. Node itself parses that file at start-up, before any code runs, and
 * that was most of the start-up of every command on a machine that sets it
 * (nodejs/node#40524); the bin starts Node without the variable
 * (src/cli/bin.ts) and the two TLS clients (the registry client and the
 * builder's ADD of a URL) pass this list as their `ca`, so no command needs
 * a second process that loads them.
 */
import { readFileSync } from 'node:fs';

let cached: { file: string | undefined; ca: string[] | undefined } | undefined;

/**
 * The `ca` option for https requests, or undefined for Node's defaults (no
 * extra file, or one that cannot be read: Node then warns and goes on with
 * its roots, and so do we, through `warn`).
 */
export function trustedCa(env: Readonly<Record<string, string | undefined>> = process.env, warn: (m: string) => void = (m) => void process.emitWarning(m)): string[] | undefined {
  const file = env.NODE_EXTRA_CA_CERTS === '' ? undefined : env.NODE_EXTRA_CA_CERTS;
  if (cached !== undefined && cached.file === file) return cached.ca;
  let ca: string[] | undefined;
  if (file !== undefined) {
    try {
      // tls (and crypto under it) loaded here, at the first TLS connection, not at start-up.
      ca = [...process.getBuiltinModule('node:tls').rootCertificates, readFileSync(file, 'utf8')];
    } catch (e) {
      warn(`Ignoring extra certs from \`${file}\`, load failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  cached = { file, ca };
  return ca;
}
