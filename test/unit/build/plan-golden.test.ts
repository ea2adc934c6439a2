import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { renderPlan } from '../../../src/build/plan/render.js';
import { caseDirs, expectGolden, fixturesRoot } from './golden-files.js';
import { fixtureContext, planText, type PlanOptions } from './plan-support.js';

// Dockerfile + context + case.json (build args, target, the base images'
// configs, downloads, named contexts) -> plan.txt: every step with its cache
// key and operation, and each stage's resulting config.
describe('build plan goldens (test/fixtures/build/plan)', () => {
  for (const name of caseDirs('plan')) {
    it(name, () => {
      const dir = join(fixturesRoot, 'plan', name);
      const raw = existsSync(join(dir, 'case.json')) ? JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) : {};
      const namedContexts = Object.fromEntries(Object.entries((raw.namedContexts ?? {}) as Record<string, string>).map(([k, sub]) => [k, fixtureContext(join(dir, sub), '')]));
      const opts: PlanOptions = { ...raw, namedContexts };
      const plan = planText(readFileSync(join(dir, 'Dockerfile'), 'utf8'), fixtureContext(dir), opts);
      expectGolden(join(dir, 'plan.txt'), renderPlan(plan));
    });
  }
});
