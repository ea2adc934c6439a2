import { describe, expect, it } from 'vitest';
import { TscomposeError } from '../../../src/errors.js';
import { resolveEnvironment, resolveLabelFiles, resolveServicesEnvironment } from '../../../src/compose/environment.js';
import type { Mapping } from '../../../src/compose/tree.js';
import type { ReadOnlyFs } from '../../../src/compose/types.js';

const FILES: Readonly<Record<string, string>> = {
  '/p/one.env': 'A=1\nB=${A}-x\nC=${SHELLV}\n',
  '/p/two.env': 'D=${A}+${B}\nA=2\nE=${Z}\n',
  '/p/bare.env': 'FROM_SHELL\nNOT_SET\n',
  '/p/bad.env': 'A=1\nB C=2\n',
  '/p/l.labels': 'L1=a\nL2=${L1}-b\nL3=${SHELLV}\n',
  '/p/m.labels': 'L2=again\nL4=${L2}\n',
};
const fs: ReadOnlyFs = {
  readFile: (p) => FILES[p],
  stat: (p) => (p in FILES ? 'file' : p === '/p/dir.env' ? 'dir' : undefined),
};
const SHELL: Readonly<Record<string, string>> = { SHELLV: 'sv', FROM_SHELL: 'shell', D: 'shellD', CV: 'cval', SV: 'sval' };
const lookup = (k: string): string | undefined => SHELL[k];

/** Both steps, in the loader's order, as `docker compose config` runs them. */
function resolve(model: Mapping, keepEnvFiles = false): { model?: Mapping; error?: string; exitCode?: number; warnings: string[] } {
  const warnings: string[] = [];
  try {
    const step1 = resolveServicesEnvironment(model, { lookup, fs, workingDir: '/p' });
    return { model: resolveEnvironment(step1, { lookup, fs, warn: (m) => warnings.push(m), keepEnvFiles }), warnings };
  } catch (err) {
    if (!(err instanceof TscomposeError)) throw err;
    return { error: err.message, exitCode: err.exitCode, warnings };
  }
}

const web = (fields: Mapping): Mapping => ({ services: { web: { image: 'x', ...fields } } });
const file = (path: string, required = true): Mapping => ({ path, required });

interface Case {
  name: string;
  in: Mapping;
  out?: Mapping;
  error?: string;
  exitCode?: number;
  warned?: string[];
}

// Expected results checked with `docker compose config --format json` (2.26.1) on equivalent projects.
const CASES: readonly Case[] = [
  { name: 'env_file values, expanded with earlier lines and the shell', in: web({ env_file: [file('/p/one.env')] }),
    out: web({ environment: { A: '1', B: '1-x', C: 'sv' } }) },
  { name: 'later files win and see the earlier files; shell wins in ${}', in: web({ env_file: [file('/p/one.env'), file('/p/two.env')] }),
    out: web({ environment: { A: '2', B: '1-x', C: 'sv', D: '1+1-x', E: '' } }), warned: ['Z'] },
  { name: 'environment beats env_file', in: web({ env_file: [file('/p/one.env')], environment: { A: 'mine', N: 1 } }),
    out: web({ environment: { A: 'mine', B: '1-x', C: 'sv', N: '1' } }) },
  { name: 'a bare key stays null even when an env_file sets it', in: web({ env_file: [file('/p/one.env')], environment: ['B', 'SHELLV'] }),
    out: web({ environment: { A: '1', B: null, C: 'sv', SHELLV: 'sv' } }) },
  { name: 'list form: bare from the shell, empty, value with =', in: web({ environment: ['D', 'UNSETV', 'X=', 'Y=a=b'] }),
    out: web({ environment: { D: 'shellD', UNSETV: null, X: '', Y: 'a=b' } }) },
  { name: 'mapping form: scalars become strings, null is looked up', in: web({ environment: { N: 1, F: 1.5, BIG: 1234567.5, T: true, NUL: null, SHELLV: null, EMPTY: '' } }),
    out: web({ environment: { N: '1', F: '1.5', BIG: '1.2345675e+06', T: 'true', NUL: null, SHELLV: 'sv', EMPTY: '' } }) },
  { name: 'bare keys in an env_file come from the shell only', in: web({ env_file: [file('/p/bare.env')] }),
    out: web({ environment: { FROM_SHELL: 'shell' } }) },
  { name: 'an optional missing file is skipped', in: web({ env_file: [file('/p/missing.env', false), file('/p/one.env')] }),
    out: web({ environment: { A: '1', B: '1-x', C: 'sv' } }) },
  { name: 'short forms are accepted', in: web({ env_file: '/p/bare.env' }), out: web({ environment: { FROM_SHELL: 'shell' } }) },
  { name: 'no environment at all', in: web({}), out: web({}) },
  { name: 'secrets and configs from the environment', in: {
    secrets: { s: { environment: 'SV' }, f: { file: '/p/f' } }, configs: { c: { environment: 'CV' }, n: { environment: 'NOPE' } },
  }, out: {
    secrets: { s: { environment: 'SV', content: 'sval' }, f: { file: '/p/f' } }, configs: { c: { environment: 'CV', content: 'cval' }, n: { environment: 'NOPE' } },
  } },
  { name: 'a required missing file', in: web({ env_file: [file('/p/missing.env')] }), exitCode: 14,
    error: 'env file /p/missing.env not found: stat /p/missing.env: no such file or directory' },
  { name: 'a directory', in: web({ env_file: [file('/p/dir.env')] }), error: 'read /p/dir.env: is a directory', exitCode: 14 },
  { name: 'formats are not supported', in: web({ env_file: [{ path: '/p/one.env', required: true, format: 'raw' }] }),
    error: 'unsupported env_file format "raw"', exitCode: 15 },
  { name: 'syntax errors are reported raw', in: web({ env_file: [file('/p/bad.env')] }), error: 'line 2: key cannot contain a space', exitCode: 15 },
];

describe('service environment resolution', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = resolve(c.in);
    if (c.error === undefined) expect(got).toMatchObject({ model: c.out });
    else expect(got).toMatchObject({ error: c.error, exitCode: c.exitCode });
    expect(got.model).toEqual(c.out);
    const warned = got.warnings.map((m) => /^The "(.*)" variable/.exec(m)?.[1] ?? m);
    expect(warned).toEqual(c.warned ?? []);
  });

  it('keeps env_file when asked to (for up, not config)', () => {
    const model = web({ env_file: [file('/p/bare.env')] });
    expect(resolve(model, true).model).toEqual(web({ env_file: [file('/p/bare.env')], environment: { FROM_SHELL: 'shell' } }));
  });

  it('does not modify its input', () => {
    const model = web({ env_file: [file('/p/one.env')], environment: ['D', 'B'] });
    const copy = structuredClone(model);
    resolve(model);
    expect(model).toEqual(copy);
  });
});

describe('resolveServicesEnvironment alone', () => {
  it('resolves only list-form bare items and drops non-strings as compose does', () => {
    const out = resolveServicesEnvironment(web({ environment: ['D', 'NOPE', 'A=1', 5] }), { lookup });
    expect(out).toEqual(web({ environment: ['D=shellD', 'NOPE', 'A=1'] }));
  });

  it('leaves mapping-form environments for the later step', () => {
    const model = web({ environment: { D: null } });
    expect(resolveServicesEnvironment(model, { lookup })).toEqual(model);
  });
});

describe('resolveLabelFiles', () => {
  function labels(model: Mapping, keepLabelFiles = false): { model?: Mapping; error?: string; exitCode?: number; warnings: string[] } {
    const warnings: string[] = [];
    try {
      return { model: resolveLabelFiles(model, { fs, warn: (m) => warnings.push(m), keepLabelFiles }), warnings };
    } catch (err) {
      if (!(err instanceof TscomposeError)) throw err;
      return { error: err.message, exitCode: err.exitCode, warnings };
    }
  }

  // Checked with docker compose 2.26.1: label files see earlier files' labels only (before their own
  // earlier lines, as for env files), never the shell.
  it('reads label files, then labels win', () => {
    const got = labels(web({ label_file: ['/p/l.labels', '/p/m.labels'], labels: ['L1=mine', 'BARE'] }));
    expect(got.model).toEqual(web({ labels: { L1: 'mine', L2: 'again', L3: '', L4: 'a-b', BARE: '' } }));
    expect(got.warnings).toEqual(['The "SHELLV" variable is not set. Defaulting to a blank string.']);
  });

  it('turns labels into a mapping of strings', () => {
    expect(labels(web({ labels: { a: 1, b: null, c: true } })).model).toEqual(web({ labels: { a: '1', b: '', c: 'true' } }));
  });

  it('keeps label_file when asked to', () => {
    expect(labels(web({ label_file: '/p/m.labels' }), true).model).toEqual(web({ label_file: '/p/m.labels', labels: { L2: 'again', L4: 'again' } }));
  });

  it('a missing label file is an error', () => {
    expect(labels(web({ label_file: ['/p/nope.labels'] }))).toMatchObject({
      error: 'label file /p/nope.labels not found: stat /p/nope.labels: no such file or directory', exitCode: 14,
    });
  });
});
