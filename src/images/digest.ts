/**
 * sha256 digests as the OCI spec writes them, computed while bytes stream
 * past. node:crypto is loaded at the first digest, not with this module:
 * it is a fifth of Node's start-up, and a warm pull computes none.
 */
import type { Hash } from 'node:crypto';

function createHash(algorithm: string): Hash {
  return process.getBuiltinModule('node:crypto').createHash(algorithm);
}

export function sha256(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

export function isDigest(s: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(s);
}

export class Digester {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }

  /** The same chunks, counted into this digest on their way through. */
  async *tap(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    for await (const c of source) {
      this.update(c);
      yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    }
  }
}
