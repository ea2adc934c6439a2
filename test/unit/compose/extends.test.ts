import { describe, it } from 'vitest';
import { extendsCases } from './loader-cases.js';
import { checkCase } from './loader-run.js';

describe('extends (checked against docker compose 2.26.1)', () => {
  it.each(extendsCases)('$name', (c) => checkCase(c));
});
