/**
 * The harness render-services and render-resources share: each case is a
 * project, and the JSON, YAML and `--hash '*'` text docker compose 2.26.1
 * printed for it.
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../../src/compose/loader.js';
import { serviceHash } from '../../../../src/compose/output/hash.js';
import { renderProject } from '../../../../src/compose/output/index.js';
import { isMapping, type Mapping } from '../../../../src/compose/tree.js';
import { loadInput } from '../memfs.js';

export interface RenderCase {
  name: string;
  files: Record<string, string>;
  json: string;
  yaml: string;
  hash: string;
  /** Where the hash was captured, when paths enter it. */
  hashDir?: string;
}

function load(files: Record<string, string>, resolveEnvironment: boolean, dir = '/p'): Mapping {
  const opts = { projectName: 'demo', skipResolveEnvironment: !resolveEnvironment };
  const moved = Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace(/^\/p\//, `${dir}/`), text]));
  return loadProject(loadInput({ files: moved, workingDir: dir }), opts, () => {}).model;
}

export function renderSuite(title: string, cases: readonly RenderCase[]): void {
  describe(title, () => {
    it.each(cases)('$name: config --format json', ({ files, json }) => {
      expect(renderProject(load(files, true), 'json')).toBe(json);
    });

    it.each(cases)('$name: config (yaml)', ({ files, yaml }) => {
      expect(renderProject(load(files, true), 'yaml')).toBe(yaml);
    });

    // docker compose hashes the project before env_file entries are resolved.
    it.each(cases)('$name: config --hash', ({ files, hash, hashDir }) => {
      const services = load(files, false, hashDir).services;
      if (!isMapping(services)) throw new Error('no services');
      const lines = Object.keys(services).sort().map((name) => {
        const svc = services[name];
        return isMapping(svc) ? `${name} ${serviceHash(svc)}\n` : '';
      });
      expect(lines.join('')).toBe(hash);
    });
  });
}
