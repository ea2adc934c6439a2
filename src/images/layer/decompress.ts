/**
 * Layer bytes to tar bytes: gzip (Node's zlib, multi-member streams too),
 * zstd (fzstd: Node 20's zlib has none) or plain tar, told apart by their
 * magic numbers rather than by media type, as containerd does.
 */
import type { Readable } from 'node:stream';
import { Decompress } from 'fzstd';

export type Compression = 'gzip' | 'zstd' | 'none';

// zlib and the stream classes on first use: the store opens without them for a warm pull.
const zlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');
const readable = (): typeof Readable => process.getBuiltinModule('node:stream').Readable;

export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done === true) return;
    yield r.value;
  }
}

/** The decompressed bytes of a layer, and which compression it had (known once the first chunk arrived). */
export async function* decompress(source: AsyncIterable<Uint8Array>, seen?: (c: Compression) => void): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let first = await it.next();
  while (first.done !== true && first.value.length < 4) {
    const more = await it.next();
    if (more.done === true) break;
    first = { done: false, value: Buffer.concat([first.value, more.value]) };
  }
  if (first.done === true) return;
  const kind = detectCompression(first.value);
  seen?.(kind);
  const all = prepend(first.value, it);
  if (kind === 'none') {
    for await (const c of all) yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  } else if (kind === 'gzip') {
    // Output in quarter megabytes, as pull-layer.ts batches the input: fewer thread-pool round trips.
    const gunzip = zlib().createGunzip({ chunkSize: 256 * 1024 });
    const src = readable().from(all);
    src.on('error', (e) => gunzip.destroy(e));
    yield* src.pipe(gunzip);
  } else {
    yield* zstdChunks(all);
  }
}

async function* zstdChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  // fzstd may hand out views of its window, which it overwrites later.
  const d = new Decompress((chunk) => out.push(Buffer.from(chunk)));
  for await (const c of source) {
    d.push(c);
    yield* out.splice(0);
  }
  d.push(new Uint8Array(0), true);
  yield* out.splice(0);
}

/** gzip at level 1: a layer tscompose stores (import, commit, load) is written once and read locally. */
export function gzipStream(source: AsyncIterable<Uint8Array>): Readable {
  const z = zlib();
  const gz = z.createGzip({ level: 1, chunkSize: 128 * 1024, strategy: z.constants.Z_DEFAULT_STRATEGY });
  const src = readable().from(source);
  // pipe() forwards no errors: a failed source must fail the gzip stream, not go unhandled.
  src.on('error', (e) => gz.destroy(e));
  return src.pipe(gz);
}
