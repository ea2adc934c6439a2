/**
 * Unpacking an ADD archive into FakeExecutor's filesystem (tar, or tar in
 * gzip), so tests see what the real executor must produce.
 */
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import type { Owner } from '../plan/chown.js';
import { goClean } from '../ignore/go-path.js';
import type { FakeRootfs } from './fake-fs.js';

export async function untarInto(fs: FakeRootfs, dest: string, archive: Uint8Array, owner: Owner | undefined): Promise<void> {
  const data = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        const path = goClean(`${dest}/${goClean(`/${header.name}`)}`);
        const ids = { uid: owner?.uid ?? header.uid ?? 0, gid: owner?.gid ?? header.gid ?? 0 };
        fs.mkdirAll(path.slice(0, path.lastIndexOf('/')) || '/', ids);
        if (header.type === 'directory') fs.set(path, { type: 'dir', mode: header.mode ?? 0o755, ...ids });
        else if (header.type === 'symlink') fs.set(path, { type: 'symlink', mode: 0o777, ...ids, target: header.linkname ?? '' });
        else fs.set(path, { type: 'file', mode: header.mode ?? 0o644, ...ids, data: Buffer.concat(chunks) });
        next();
      });
      stream.resume();
    });
    ex.on('finish', () => resolve());
    ex.on('error', reject);
  });
  ex.end(Buffer.from(data));
  await done;
}
