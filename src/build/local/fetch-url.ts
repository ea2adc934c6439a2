/**
 * ADD <url>: the file is downloaded into the build's workspace (redirects
 * followed, at most ten), its sha256 computed on the way. Only what this
 * machine can reach works; a failure names the URL and why.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { trustedCa } from '../../host/tls-ca.js';
import { BuildError } from '../errors.js';
import type { RemoteFile } from '../plan/types.js';

export interface Downloaded {
  file: RemoteFile;
  /** The directory holding the file under its name. */
  dir: string;
}

function request(url: URL, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { 'user-agent': 'tscompose-build' };
    const ca = url.protocol === 'https:' ? trustedCa() : undefined;
    // http and https (tls, crypto) loaded by the first ADD of a URL, not by every build.
    const req = url.protocol === 'https:'
      ? process.getBuiltinModule('node:https').get(url, { headers, ...(ca === undefined ? {} : { ca }) }, resolve)
      : process.getBuiltinModule('node:http').get(url, { headers }, resolve);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs / 1000}s`)));
    req.on('error', reject);
  });
}

export function urlFilename(url: string): string {
  const name = new URL(url).pathname.split('/').pop() ?? '';
  return name === '' ? '__unnamed__' : decodeURIComponent(name);
}

export async function downloadUrl(url: string, dir: string, timeoutMs = 60_000): Promise<Downloaded> {
  let at = new URL(url);
  let res: IncomingMessage;
  try {
    for (let hops = 0; ; hops++) {
      res = await request(at, timeoutMs);
      const location = res.headers.location;
      if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400 && location !== undefined) {
        res.resume();
        if (hops >= 10) throw new Error('too many redirects');
        at = new URL(location, at);
        continue;
      }
      break;
    }
  } catch (e) {
    throw new BuildError(`failed to load ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (res.statusCode !== 200) {
    res.resume();
    throw new BuildError(`failed to load ${url}: invalid response status ${res.statusCode ?? 0}`);
  }
  const filename = urlFilename(url);
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    res,
    async function* (src: AsyncIterable<Buffer>) {
      for await (const c of src) {
        hash.update(c);
        size += c.length;
        yield c;
      }
    },
    createWriteStream(join(dir, filename), { mode: 0o600 }),
  );
  return { file: { url, sha256: hash.digest('hex'), size, filename }, dir };
}
