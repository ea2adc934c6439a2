/** blobs/sha256/<hex>: content-addressed, written by rename from tmp/ once verified. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hexOf, isDigest, sha256 } from '../digest.js';
import { tmpName, writeFileAtomic } from './fs-util.js';

export class Blobs {
  constructor(
    readonly dir: string,
    private readonly tmpDir: string,
  ) {
    mkdirSync(join(dir, 'sha256'), { recursive: true });
  }

  path(digest: string): string {
    if (!isDigest(digest)) throw new Error(`not a sha256 digest: ${digest}`);
    return join(this.dir, 'sha256', hexOf(digest));
  }

  has(digest: string): boolean {
    return existsSync(this.path(digest));
  }

  size(digest: string): number | undefined {
    try {
      return statSync(this.path(digest)).size;
    } catch {
      return undefined;
    }
  }

  read(digest: string): Buffer {
    return readFileSync(this.path(digest));
  }

  /** Small documents (configs, manifests): written whole, digest computed here. */
  putBytes(data: Uint8Array | string): string {
    const digest = sha256(data);
    if (!this.has(digest)) writeFileAtomic(this.path(digest), data);
    return digest;
  }

  /** A path in tmp/ to stream a blob into before it is verified. */
  tmpFile(kind: string): string {
    return join(this.tmpDir, tmpName(kind));
  }

  /** Moves a verified temp file into place; an identical blob already there wins. */
  commit(tmp: string, digest: string): void {
    if (this.has(digest)) rmSync(tmp, { force: true });
    else renameSync(tmp, this.path(digest));
  }

  remove(digest: string): void {
    rmSync(this.path(digest), { force: true });
  }
}
