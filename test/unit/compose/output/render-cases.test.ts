/**
 * The output module on its own, against the reference's own bytes: each case
 * under cases/<name>/ holds what docker compose 2.26.1 printed for its
 * compose.yaml (scripts/gen-output-cases.mjs captures it). The input tree is
 * the model the reference printed, read back: the JSON for values (lossless
 * strings and floats), plus for YAML output the x-* keys as the YAML shows them. Rendering
 * it must give the same JSON and YAML bytes and, per service, the same hash.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComposeYaml } from '../../../../src/compose/parse.js';
import { serviceHash } from '../../../../src/compose/output/hash.js';
import { renderProject } from '../../../../src/compose/output/index.js';
import { isMapping, type Mapping } from '../../../../src/compose/tree.js';

const CASES_DIR = join(import.meta.dirname, 'cases');

interface Case {
  name: string;
  json: string;
  yaml: string;
  hash: string | undefined;
}

function readCases(): Case[] {
  return readdirSync(CASES_DIR)
    .sort()
    .filter((name) => existsSync(join(CASES_DIR, name, 'expected.json')))
    .map((name) => {
      const read = (file: string): string => readFileSync(join(CASES_DIR, name, file), 'utf8');
      const hash = existsSync(join(CASES_DIR, name, 'expected.hash')) ? read('expected.hash') : undefined;
      return { name, json: read('expected.json'), yaml: read('expected.yaml'), hash };
    });
}

/** JSON.parse, with integers past 2^53 kept as their digits, as parse.ts keeps them. */
function parseJson(text: string): Mapping {
  const quoted = text.replace(/"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.eE\d])/g, (m) => (m.startsWith('"') ? m : `"${m}"`));
  return JSON.parse(quoted) as Mapping;
}

/**
 * `into` with `from`'s x-* keys at every level: encoding/json prints no
 * nested ones, and prints an empty list kept as `any` as null, so the YAML
 * model takes all x-* values from the YAML.
 */
function withExtensions(into: unknown, from: unknown): unknown {
  if (Array.isArray(into) && Array.isArray(from)) return into.map((v, i) => withExtensions(v, from[i]));
  if (!isMapping(into) || !isMapping(from)) return into;
  const out: Mapping = {};
  for (const [k, v] of Object.entries(into)) out[k] = withExtensions(v, from[k]);
  for (const [k, v] of Object.entries(from)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

/** Blkio device entries print Go field names in JSON (`Path`, `Rate`); the model has the YAML keys. */
function lowerBlkioKeys(model: Mapping): Mapping {
  const services = isMapping(model.services) ? model.services : {};
  for (const svc of Object.values(services)) {
    const blkio = isMapping(svc) ? svc.blkio_config : undefined;
    if (!isMapping(blkio)) continue;
    for (const [k, list] of Object.entries(blkio)) {
      if (Array.isArray(list)) blkio[k] = list.map((e) => (isMapping(e) ? Object.fromEntries(Object.entries(e).map(([f, v]) => [f.toLowerCase(), v])) : e));
    }
  }
  return model;
}

/** `config` prints `$` as `$$`; the model holds single ones. */
function unescapeDollars(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('$$', '$');
  if (Array.isArray(v)) return v.map(unescapeDollars);
  if (!isMapping(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replaceAll('$$', '$'), unescapeDollars(x)]));
}

const SIZE_KEYS = new Set(['mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness', 'shm_size', 'memory', 'size', 'rate']);

/** UnitBytes prints as a string, which go-units cannot read back when negative (`memswap_limit: -1`): the model had a number. */
function restoreNegativeSizes(v: unknown, key = ''): unknown {
  if (typeof v === 'string' && SIZE_KEYS.has(key) && /^-\d+$/.test(v)) return Number(v);
  if (Array.isArray(v)) return v.map((x) => restoreNegativeSizes(x));
  if (!isMapping(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restoreNegativeSizes(x, k)]));
}

/** The model for `format`: the JSON's values, with the YAML's x-* keys for YAML output. */
function modelOf(c: Case, format: 'json' | 'yaml'): Mapping {
  const json = restoreNegativeSizes(lowerBlkioKeys(parseJson(c.json))) as Mapping;
  const model = format === 'json' ? json : withExtensions(json, parseComposeYaml('expected.yaml', c.yaml)[0]?.tree ?? {});
  return unescapeDollars(model) as Mapping;
}

const render = (model: Mapping, format: 'json' | 'yaml'): string => renderProject(model, format).replaceAll('$', '$$$$');

const CASES = readCases();

describe('renderProject and serviceHash reproduce docker compose 2.26.1 byte for byte', () => {
  it('has its corpus', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$name: config --format json', (c) => {
    expect(render(modelOf(c, 'json'), 'json')).toBe(c.json);
  });

  it.each(CASES)('$name: config', (c) => {
    expect(render(modelOf(c, 'yaml'), 'yaml')).toBe(c.yaml);
  });

  it.each(CASES.filter((c) => c.hash !== undefined))('$name: config --hash *', (c) => {
    const services = modelOf(c, 'json').services as Record<string, Mapping>;
    const lines = Object.keys(services)
      .sort()
      .map((name) => `${name} ${serviceHash(services[name] ?? {})}\n`);
    expect(lines.join('')).toBe(c.hash);
  });
});
