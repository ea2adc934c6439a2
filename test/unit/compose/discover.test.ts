import { describe, expect, it } from 'vitest';
import { discover, parseGoBool } from '../../../src/compose/discover.js';
import type { ReadOnlyFs } from '../../../src/compose/types.js';

function fsOf(files: string[], dirs: string[] = []): ReadOnlyFs {
  const f = new Set(files);
  const d = new Set(dirs);
  return { readFile: (p) => (f.has(p) ? '' : undefined), stat: (p) => (f.has(p) ? 'file' : d.has(p) ? 'dir' : undefined) };
}

const base = { cwd: '/p/app/sub', files: [], envFiles: [], env: {} };

describe('discover', () => {
  it('walks up to the first directory holding a compose file, with its override', () => {
    const fs = fsOf(['/p/app/compose.yaml', '/p/app/compose.override.yaml', '/p/compose.yaml']);
    expect(discover({ ...base, fs })).toMatchObject({
      configPaths: ['/p/app/compose.yaml', '/p/app/compose.override.yaml'],
      workingDir: '/p/app',
      warnings: [],
    });
  });

  it('prefers compose.yaml and warns about the other names', () => {
    const fs = fsOf(['/p/app/sub/docker-compose.yml', '/p/app/sub/compose.yaml']);
    const d = discover({ ...base, fs });
    expect(d.configPaths).toEqual(['/p/app/sub/compose.yaml']);
    expect(d.warnings).toEqual([
      'Found multiple config files with supported names: /p/app/sub/compose.yaml, /p/app/sub/docker-compose.yml',
      'Using /p/app/sub/compose.yaml',
    ]);
  });

  it('takes the first override name in compose order', () => {
    const fs = fsOf(['/p/app/sub/compose.yml', '/p/app/sub/compose.override.yml', '/p/app/sub/docker-compose.override.yaml']);
    expect(discover({ ...base, fs }).configPaths).toEqual(['/p/app/sub/compose.yml', '/p/app/sub/compose.override.yml']);
  });

  it('finds nothing at the root', () => {
    expect(discover({ ...base, fs: fsOf([]) }).configPaths).toEqual([]);
  });

  it('uses -f files as given, relative to cwd, and never adds an override', () => {
    const fs = fsOf(['/p/app/sub/compose.override.yaml']);
    const d = discover({ ...base, files: ['../a.yaml', '/abs/b.yaml'], fs });
    expect(d.configPaths).toEqual(['/p/app/a.yaml', '/abs/b.yaml']);
    expect(d.workingDir).toBe('/p/app');
  });

  it('splits COMPOSE_FILE on COMPOSE_PATH_SEPARATOR', () => {
    const fs = fsOf(['/p/app/sub/a.yaml', '/p/app/sub/x/b.yaml']);
    const d = discover({ ...base, env: { COMPOSE_FILE: 'a.yaml;x/b.yaml', COMPOSE_PATH_SEPARATOR: ';' }, fs });
    expect(d.configPaths).toEqual(['/p/app/sub/a.yaml', '/p/app/sub/x/b.yaml']);
  });

  it('rejects a COMPOSE_FILE entry that does not exist, with exit code 1', () => {
    const run = () => discover({ ...base, env: { COMPOSE_FILE: 'a.yaml' }, fs: fsOf([]) });
    expect(run).toThrow('stat /p/app/sub/a.yaml: no such file or directory');
    expect(run).toThrow(expect.objectContaining({ exitCode: 1 }));
  });

  it('ignores COMPOSE_FILE when -f is given', () => {
    const d = discover({ ...base, files: ['c.yaml'], env: { COMPOSE_FILE: 'a.yaml' }, fs: fsOf([]) });
    expect(d.configPaths).toEqual(['/p/app/sub/c.yaml']);
  });

  it('reads stdin from the current directory', () => {
    const d = discover({ ...base, files: ['-'], fs: fsOf([]) });
    expect(d).toMatchObject({ configPaths: ['-'], workingDir: '/p/app/sub' });
  });

  it('searches from --project-directory and makes it the working directory', () => {
    const fs = fsOf(['/q/compose.yaml', '/q/.env']);
    const d = discover({ ...base, projectDirectory: '/q/w', fs });
    expect(d).toMatchObject({ configPaths: ['/q/compose.yaml'], workingDir: '/q/w', envFiles: [] });
  });
});

describe('env files', () => {
  const fs = fsOf(['/p/app/compose.yaml', '/p/app/.env'], ['/d/.env']);
  it('loads .env of the working directory by default', () => {
    expect(discover({ ...base, fs }).envFiles).toEqual(['/p/app/.env']);
  });
  it('ignores a directory named .env', () => {
    expect(discover({ ...base, projectDirectory: '/d', fs }).envFiles).toEqual([]);
  });
  it('replaces .env with --env-file, relative to cwd', () => {
    expect(discover({ ...base, envFiles: ['x.env', '/y.env'], fs }).envFiles).toEqual(['/p/app/sub/x.env', '/y.env']);
  });
  it('takes COMPOSE_ENV_FILES as a comma list', () => {
    expect(discover({ ...base, env: { COMPOSE_ENV_FILES: 'a.env,b.env' }, fs }).envFiles).toEqual(['/p/app/sub/a.env', '/p/app/sub/b.env']);
  });
  it('honours COMPOSE_DISABLE_ENV_FILE', () => {
    expect(discover({ ...base, env: { COMPOSE_DISABLE_ENV_FILE: 'true' }, fs }).envFiles).toEqual([]);
    expect(discover({ ...base, env: { COMPOSE_DISABLE_ENV_FILE: '0' }, fs }).envFiles).toEqual(['/p/app/.env']);
  });
  it('rejects a COMPOSE_DISABLE_ENV_FILE that is not a boolean', () => {
    expect(() => discover({ ...base, env: { COMPOSE_DISABLE_ENV_FILE: 'yes' }, fs })).toThrow('strconv.ParseBool: parsing "yes": invalid syntax');
  });
});

describe('parseGoBool', () => {
  it.each([['1', true], ['t', true], ['True', true], ['TRUE', true], ['0', false], ['F', false], ['false', false]])('%s', (s, b) => {
    expect(parseGoBool(s, 'X')).toBe(b);
  });
});
