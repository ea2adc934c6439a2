import { describe, expect, it } from 'vitest';
import type { ContextSource } from '../../../src/build/context/source.js';
import { sourceOf } from '../../../src/build/context/walk.js';
import { resolveContextSources } from '../../../src/build/plan/copy-sources.js';
import { combineSourceHashes } from '../../../src/build/plan/file-hash.js';
import { memoryContext } from './plan-support.js';

// A context built by hand on this machine and sent to dockerd 20.10.24 with
// `DOCKER_BUILDKIT=0 docker build` (CLI 28.2.2); the expected values are the
// `COPY <hash> in ...` lines `docker history --no-trunc` showed for it. It has
// what a git checkout cannot hold (a 0600 file, an empty directory), so it
// lives here rather than under test/fixtures/build/reference.
const dockerfile = `FROM tsctb-busybox:1
COPY app /app
COPY app/run.sh /run.sh
COPY app/secret.key app/sub /x/
COPY empty /empty
COPY app/main.js /main.js
COPY . /all
`;
const ctx = memoryContext(
  {
    '.dockerignore': 'ignored\n**/*.log\n',
    Dockerfile: dockerfile,
    'app/index.js': 'console.log(1)\n',
    'app/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    'app/secret.key': { content: 'secret', mode: 0o600 },
    'app/sub/empty.txt': '',
    'app/main.js': { symlink: 'index.js' },
    'app/dangling': { symlink: 'missing' },
    'app/debug.log': 'log',
    'empty': { dir: true },
    'ignored/x': 'x',
  },
  ['ignored', '**/*.log'],
);

const hash = (...sources: string[]): string => combineSourceHashes(sources.flatMap((s) => resolveContextSources(ctx, s).map((m) => m.hash)));

describe('COPY source hashes are the classic builder\'s, byte for byte', () => {
  it('a directory (dangling symlink and followed symlink inside, excluded file left out)', () => {
    expect(hash('app')).toBe('dir:7c071c0e5062c1360d1cee345e3120852cbeb0e2df19a0e59317943ec8c9477b');
  });
  it('an executable file', () => expect(hash('app/run.sh')).toBe('file:5fc2a30ee369cf7f913303f4b420395b30a25de5a65a75a1ae1f16b4b7b99ba3'));
  it('two sources, one a 0600 file', () => expect(hash('app/secret.key', 'app/sub')).toBe('multi:04c18245c290da780759e265d507136b2b04828bd58f8d527ef27ea97573ca72'));
  it('an empty directory', () => expect(hash('empty')).toBe('dir:15a6c147bbd6ab912dbf1e5d10ba2c281b84d271a89eca59998579b447331c75'));
  it('a symlink source hashes as its target', () => expect(hash('app/main.js')).toBe('file:c272b2e6a1d1e7e61f46bd562c974352e0eb8e6b7f510691930909b5dc70eb8c'));
  it('the whole context', () => expect(hash('.')).toBe('dir:74483d9ec02282dc2519504fd0aa0c9d366334d03560ef3bafdd993d327feef7'));

  it('does not change when only the mtime changes, does when mode, owner or bytes do', () => {
    const base = memoryContext({ f: { content: 'x', mode: 0o644 } });
    const h = (c: typeof base): string | undefined => resolveContextSources(c, 'f')[0]?.hash;
    expect(h(memoryContext({ f: { content: 'x', mode: 0o644 } }))).toBe(h(base));
    expect(h(memoryContext({ f: { content: 'y', mode: 0o644 } }))).not.toBe(h(base));
    expect(h(memoryContext({ f: { content: 'x', mode: 0o755 } }))).not.toBe(h(base));
    const owned = (uid: number): string | undefined => resolveContextSources(walkOwned(uid), 'f')[0]?.hash;
    expect(owned(1000)).not.toBe(owned(0));
  });
});

/** Files from another stage keep their owners (only the local context is sent as root). */
function walkOwned(uid: number): ContextSource {
  const src = memoryContext({ f: 'x' });
  return sourceOf(src.entries().map((e) => ({ ...e, uid, gid: uid })), (p) => src.readFile(p));
}
