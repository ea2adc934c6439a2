/** repositories.json: which reference names which image; updated under a lock, written atomically. */
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from './fs-util.js';
import { withLock } from './lock.js';
import { checkVersion, RECORD_VERSION, type RepositoriesRecord } from './records.js';

export class Repositories {
  private readonly path: string;

  constructor(
    dir: string,
    private readonly lockDir: string,
  ) {
    this.path = join(dir, 'repositories.json');
  }

  read(): RepositoriesRecord {
    const rec = readJsonFile<RepositoriesRecord>(this.path);
    checkVersion('repositories', this.path, rec);
    return rec ?? { version: RECORD_VERSION, tags: {}, digests: {} };
  }

  async update<T>(fn: (rec: RepositoriesRecord) => T): Promise<T> {
    return withLock(this.lockDir, 'repositories', async () => {
      const rec = this.read();
      const out = fn(rec);
      writeFileAtomic(this.path, `${JSON.stringify(rec, null, 1)}\n`);
      return out;
    });
  }
}
