import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { dumpNodes } from '../../../src/build/dockerfile/dump.js';
import { loadDockerfile } from '../../../src/build/load-dockerfile.js';
import { caseDirs, compactJson, expectGolden, fixturesRoot } from './golden-files.js';

// ast.txt is in the s-expression format of BuildKit's parser dump (verified
// byte for byte against BuildKit's own parser testfiles), model.json the
// typed instructions with their line ranges.
describe('Dockerfile parser goldens (test/fixtures/build/parse)', () => {
  for (const name of caseDirs('parse')) {
    it(name, () => {
      const dir = join(fixturesRoot, 'parse', name);
      const loaded = loadDockerfile(readFileSync(join(dir, 'Dockerfile'), 'utf8'));
      const warnings = loaded.warnings.map((w) => `# warning line ${w.line}: ${w.message}\n`).join('');
      const directives = loaded.directives.map((d) => `# directive ${d.name}=${d.value} (line ${d.line})\n`).join('');
      expectGolden(join(dir, 'ast.txt'), directives + warnings + dumpNodes(loaded.parsed.nodes));
      expectGolden(join(dir, 'model.json'), `${compactJson(loaded.model)}\n`);
    });
  }
});
