/**
 * Golden files for the builder's pure layers. A test compares what the code
 * produces with the committed file; TSCOMPOSE_UPDATE_GOLDEN=1 rewrites the
 * files instead (review the diff before committing it).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const fixturesRoot = join(import.meta.dirname, '../../fixtures/build');

export function caseDirs(area: string): string[] {
  const dir = join(fixturesRoot, area);
  return readdirSync(dir).filter((d) => existsSync(join(dir, d, 'Dockerfile'))).sort();
}

export function expectGolden(file: string, actual: string): void {
  if (process.env.TSCOMPOSE_UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} is missing; run with TSCOMPOSE_UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/**
 * JSON with short arrays and objects kept on one line, so golden files
 * read like the structures they hold.
 */
export function compactJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (flat.length + indent.length <= 100 || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
}
