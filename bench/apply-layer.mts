// npx tsx bench/apply-layer.mts — the layer applier (Node + tscompose-fsops)
// against GNU tar (C) extracting the same uncompressed layers, as the
// measurement behind ARCHITECTURE.md's choice of applier. Medians of 5.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLayer } from '../src/images/layer/apply-layer.js';
import { tarOf, chunked, type TestEntry } from '../test/support/images/layer-builder.js';

const work = mkdtempSync(join(tmpdir(), 'tscti-bench-apply-'));
const cases: Array<[string, TestEntry[]]> = [
  ['40 MB in 2 big + 300 small files', [...[0, 1].map((i) => ({ name: `big${i}`, type: 'file' as const, body: randomBytes(12 << 20) })), ...Array.from({ length: 300 }, (_, i) => ({ name: `d${i % 10}/f${i}`, type: 'file' as const, body: randomBytes(50_000) }))]],
  ['5,000 files of 2 kB (a distro-like tree)', Array.from({ length: 5000 }, (_, i) => ({ name: `usr/share/d${i % 50}/f${i}`, type: 'file' as const, body: randomBytes(2048) }))],
];

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
}

try {
  for (const [name, entries] of cases) {
    const tar = tarOf(entries);
    const file = join(work, 'layer.tar');
    writeFileSync(file, tar);
    const node: number[] = [];
    const gnu: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = join(work, `a${i}`);
      mkdirSync(a);
      let t = performance.now();
      await applyLayer(chunked(tar, 64 * 1024), a, 'bench');
      node.push(performance.now() - t);
      const b = join(work, `b${i}`);
      mkdirSync(b);
      t = performance.now();
      spawnSync('tar', ['-x', '--xattrs', '--numeric-owner', '-p', '-f', file, '-C', b]);
      gnu.push(performance.now() - t);
      rmSync(a, { recursive: true });
      rmSync(b, { recursive: true });
    }
    console.log(`${name}: applier ${median(node).toFixed(0)} ms, GNU tar ${median(gnu).toFixed(0)} ms (ratio ${(median(node) / median(gnu)).toFixed(2)})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
