import { describe, expect, it } from 'vitest';
import { checkFlagProjectName, normalizeProjectName, resolveProjectName } from '../../../src/compose/project-name.js';

describe('normalizeProjectName', () => {
  it.each([
    ['My_Dir', 'my_dir'], ['Hello World', 'helloworld'], ['__x-y', 'x-y'], ['-_-', ''], ['a.b:c', 'abc'], ['Ünïcode9', 'ncode9'],
  ])('%s -> %s', (raw, expected) => expect(normalizeProjectName(raw)).toBe(expected));
});

describe('resolveProjectName', () => {
  const base = { fromFiles: [], dirName: 'My_Dir' };
  it('normalizes the directory name', () => {
    expect(resolveProjectName(base)).toEqual({ name: 'my_dir', imperative: false });
  });
  it('prefers the last name: of the files', () => {
    expect(resolveProjectName({ ...base, fromFiles: ['first', '', 'Second One'] })).toEqual({ name: 'secondone', imperative: false });
  });
  it('prefers COMPOSE_PROJECT_NAME, then -p', () => {
    expect(resolveProjectName({ ...base, env: 'envname', fromFiles: ['x'] })).toEqual({ name: 'envname', imperative: true });
    expect(resolveProjectName({ ...base, flag: 'flag', env: 'envname' })).toEqual({ name: 'flag', imperative: true });
  });
  it('treats an empty COMPOSE_PROJECT_NAME as unset', () => {
    expect(resolveProjectName({ ...base, env: '' }).name).toBe('my_dir');
  });
  it('rejects an imperative name that is not normalized', () => {
    expect(() => resolveProjectName({ ...base, env: 'Bad' })).toThrow(
      'invalid project name "Bad": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number',
    );
  });
  it('fails when nothing is left of the name', () => {
    expect(() => resolveProjectName({ ...base, dirName: '__' })).toThrow('project name must not be empty');
    expect(() => resolveProjectName({ ...base, fromFiles: ['__'] })).toThrow('project name must not be empty');
  });
});

describe('checkFlagProjectName', () => {
  it('accepts a valid name and rejects others with exit code 1', () => {
    expect(() => checkFlagProjectName('ok-name_1')).not.toThrow();
    try {
      checkFlagProjectName('Bad');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ exitCode: 1, message: expect.stringContaining('invalid project name "Bad"') });
    }
  });
});
