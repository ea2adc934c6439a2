/**
 * Whole configs for typical containers: test/fixtures/engine/spec/NAME.input.json
 * (a description and host facts) against NAME.config.json (the config.json
 * text) and NAME.warnings.json. TSCOMPOSE_UPDATE_GOLDEN=1 rewrites the
 * expected files; review the diff before committing it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpecContext } from '../../../../src/engine/spec/context.js';
import type { ContainerDescription } from '../../../../src/engine/spec/description.js';
import { generateSpec, serializeSpec } from '../../../../src/engine/spec/generate.js';

const dir = join(import.meta.dirname, '../../../fixtures/engine/spec');
const update = process.env.TSCOMPOSE_UPDATE_GOLDEN === '1';

describe('config.json goldens', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.input.json'))) {
    const name = file.replace(/\.input\.json$/, '');
    it(name, () => {
      const input = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { description: ContainerDescription; context: SpecContext };
      const { spec, warnings } = generateSpec(input.description, input.context);
      const text = serializeSpec(spec);
      const warningsText = `${JSON.stringify(warnings, null, 2)}\n`;
      const configPath = join(dir, `${name}.config.json`);
      const warningsPath = join(dir, `${name}.warnings.json`);
      if (update || !existsSync(configPath)) {
        writeFileSync(configPath, text);
        writeFileSync(warningsPath, warningsText);
      }
      expect(text).toBe(readFileSync(configPath, 'utf8'));
      expect(warningsText).toBe(readFileSync(warningsPath, 'utf8'));
    });
  }
});
