import { describe, expect, it } from 'vitest';
import { loadModel, loadProject } from '../../../src/compose/loader.js';
import { parseComposeYaml } from '../../../src/compose/parse.js';
import { ComposeError } from '../../../src/errors.js';
import { loaderCases } from './loader-cases.js';
import { checkCase } from './loader-run.js';
import { loadInput } from './memfs.js';

describe('loader: documents, files, errors (checked against docker compose 2.26.1)', () => {
  it.each(loaderCases)('$name', (c) => checkCase(c));
});

const files = {
  '/p/compose.yaml': [
    'services:',
    '  web:',
    '    image: "web:${TAG}"',
    '    env_file: web.env',
    '  debug:',
    '    image: debug',
    '    profiles: [debug]',
    '',
  ].join('\n'),
  '/p/web.env': 'FROM_FILE=1\n',
};

describe('loader: options', () => {
  it('applies profiles: an inactive service goes to disabledServices', () => {
    const project = loadProject(loadInput({ files, environment: { TAG: '1' } }), { projectName: 'p', profiles: [] }, () => {});
    expect(Object.keys(project.model.services as object)).toEqual(['web']);
    expect(Object.keys(project.disabledServices)).toEqual(['debug']);
    expect(project.profiles).toEqual([]);
  });

  it('an active profile keeps its services', () => {
    const project = loadProject(loadInput({ files, environment: { TAG: '1' } }), { projectName: 'p', profiles: ['debug'] }, () => {});
    expect(Object.keys(project.model.services as object).sort()).toEqual(['debug', 'web']);
    expect(project.profiles).toEqual(['debug']);
  });

  it('reads env_file into environment, and the project carries its name, files and environment', () => {
    const project = loadProject(loadInput({ files, environment: { TAG: '1' } }), { projectName: 'p', profiles: [] }, () => {});
    const web = (project.model.services as Record<string, Record<string, unknown>>).web;
    expect(web?.environment).toEqual({ FROM_FILE: '1' });
    expect(project.model.name).toBe('p');
    expect(project.name).toBe('p');
    expect(project.configFiles).toEqual(['/p/compose.yaml']);
    expect(project.environment).toEqual({ TAG: '1', COMPOSE_PROJECT_NAME: 'p' });
  });

  it('loadModel stops before profiles and environment files, as `config --no-interpolate` does', () => {
    const model = loadModel(loadInput({ files }), { projectName: 'p', skipInterpolation: true }, () => {});
    const services = model.services as Record<string, Record<string, unknown>>;
    expect(Object.keys(services).sort()).toEqual(['debug', 'web']);
    expect(services.web?.image).toBe('web:${TAG}');
    expect(services.web?.env_file).toEqual([{ path: '/p/web.env', required: true }]);
    expect(model.name).toBe('p');
  });

  it('skipResolvePaths leaves relative paths as written', () => {
    const model = loadModel(loadInput({ files: { '/p/compose.yaml': 'services:\n  web:\n    build: ./app\n' } }), { projectName: 'p', skipResolvePaths: true }, () => {});
    expect((model.services as Record<string, Record<string, Record<string, unknown>>>).web?.build?.context).toBe('./app');
  });

  it('skipValidation lets an unknown attribute through', () => {
    const input = loadInput({ files: { '/p/compose.yaml': 'services:\n  web:\n    image: a\n    foo: 1\n' } });
    expect(() => loadModel(input, { projectName: 'p' }, () => {})).toThrow(/Additional property foo is not allowed/);
    const model = loadModel(input, { projectName: 'p', skipValidation: true }, () => {});
    expect((model.services as Record<string, Record<string, unknown>>).web?.foo).toBe(1);
  });

  it('uses the documents the caller already parsed', () => {
    const input = loadInput({ files: { '/p/compose.yaml': 'services:\n  web:\n    image: from-content\n' } });
    const [file] = input.configFiles;
    if (file === undefined) throw new Error('no file');
    file.documents = parseComposeYaml(file.filename, 'services:\n  web:\n    image: from-documents\n');
    const project = loadProject(input, { projectName: 'p' }, () => {});
    expect((project.model.services as Record<string, Record<string, unknown>>).web?.image).toBe('from-documents');
  });

  it('does not modify the documents it is given', () => {
    const input = loadInput({ files: { '/p/compose.yaml': 'services:\n  b:\n    image: b\n    dns: [x]\n  web:\n    extends: b\n    dns: !reset []\n' } });
    const [file] = input.configFiles;
    if (file === undefined) throw new Error('no file');
    file.documents = parseComposeYaml(file.filename, file.content);
    const before = structuredClone(file.documents.map((d) => d.tree));
    loadProject(input, { projectName: 'p' }, () => {});
    expect(file.documents.map((d) => d.tree)).toEqual(before);
  });

  it('reports warnings through the callback and on the project', () => {
    const seen: string[] = [];
    const input = loadInput({ files: { '/p/compose.yaml': 'version: "3"\nservices:\n  web:\n    image: a\n' } });
    const project = loadProject(input, { projectName: 'p' }, (m) => seen.push(m));
    const expected = ['/p/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion'];
    expect(seen).toEqual(expected);
    expect(project.warnings).toEqual(expected);
  });

  it('needs a project name and at least one file', () => {
    const input = loadInput({ files: { '/p/compose.yaml': 'services:\n  web:\n    image: a\n' } });
    expect(() => loadProject(input, {}, () => {})).toThrow('project name must not be empty');
    expect(() => loadProject({ ...input, configFiles: [] }, { projectName: 'p' }, () => {})).toThrow('No files specified');
  });

  it('passes a YAML syntax error through with its position', () => {
    const input = loadInput({ files: { '/p/compose.yaml': 'services:\n  web:\n    image: [a\n' } });
    let caught: unknown;
    try {
      loadProject(input, { projectName: 'p' }, () => {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ComposeError);
    expect((caught as ComposeError).location.file).toBe('/p/compose.yaml');
  });
});
