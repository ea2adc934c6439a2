/**
 * develop.watch in a compose file to the watcher's rules: absolute paths,
 * targets, .dockerignore (the Dockerfile's own first) and `ignore:` as
 * path tests, x-initialSync, sync+exec hooks, compose's errors for rules
 * that cannot work, and a sync path under a bind mount left unwatched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../../src/app/load-project.js';
import { watchRules } from '../../../src/app/watch-rules.js';
import { hostFs } from '../../../src/host/fs.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsctb-rules-'));
  mkdirSync(join(dir, 'web', 'src'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rulesOf(compose: string, services: string[] = []) {
  writeFileSync(join(dir, 'compose.yaml'), compose);
  const host = { cwd: dir, env: {}, fs: hostFs, homeDir: dir, readStdin: () => '' };
  const { project } = loadComposeProject({ files: [], envFiles: [], profiles: [], dryRun: false, verbose: false }, host, { services });
  const warnings: string[] = [];
  const readFile = (p: string): string | undefined => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  return { rules: watchRules({ project, services, readFile, warn: (m) => warnings.push(m) }), warnings };
}

const WEB = `name: tsctbrules
services:
  web:
    build: ./web
    develop:
      watch:
        - action: sync
          path: ./web/src
          target: /app/src
          ignore: [node_modules/]
          x-initialSync: true
        - action: rebuild
          path: ./web/package.json
        - action: sync+exec
          path: ./web/conf
          target: conf
          exec:
            command: nginx -s reload
            environment: {A: "1"}
  db:
    image: postgres
`;

describe('watchRules', () => {
  it('takes every rule with absolute paths and a rooted target', () => {
    const { rules } = rulesOf(WEB);
    expect(rules.map((r) => [r.service, r.action, r.path, r.target, r.initialSync])).toEqual([
      ['web', 'sync', join(dir, 'web/src'), '/app/src', true],
      ['web', 'rebuild', join(dir, 'web/package.json'), '', false],
      ['web', 'sync+exec', join(dir, 'web/conf'), '/conf', false],
    ]);
    expect(rules[2]?.exec).toEqual({ command: ['nginx', '-s', 'reload'], environment: ['A=1'] });
  });

  it('ignores what ignore: names under the rule path, the editors\' files, and what .dockerignore excludes from the context', () => {
    writeFileSync(join(dir, 'web', '.dockerignore'), 'src/*.log\n');
    const sync = rulesOf(WEB).rules[0];
    expect(sync?.ignored(join(dir, 'web/src/node_modules/x.js'))).toBe(true);
    expect(sync?.ignored(join(dir, 'web/src/app.log'))).toBe(true);
    expect(sync?.ignored(join(dir, 'web/src/.app.js.swp'))).toBe(true);
    expect(sync?.ignored(join(dir, 'web/src/app.js'))).toBe(false);
  });

  it("the Dockerfile's own .dockerignore wins over the context's", () => {
    writeFileSync(join(dir, 'web', '.dockerignore'), 'src/*.log\n');
    writeFileSync(join(dir, 'web', 'Dockerfile.dockerignore'), 'src/*.css\n');
    const sync = rulesOf(WEB).rules[0];
    expect(sync?.ignored(join(dir, 'web/src/app.log'))).toBe(false);
    expect(sync?.ignored(join(dir, 'web/src/app.css'))).toBe(true);
  });

  it('only the named services', () => {
    expect(() => rulesOf(WEB, ['db'])).toThrow("none of the selected services is configured for watch, consider setting a 'develop' section");
  });

  it('rebuild without build:, sync+exec without a command are errors; the loader refuses sync without a target', () => {
    const svc = (rule: string) => `services:\n  s:\n    image: busybox\n    develop:\n      watch:\n        - ${rule}\n`;
    expect(() => rulesOf(svc('{action: rebuild, path: ./web}'))).toThrow(`can't watch service "s" with action rebuild without a build context`);
    expect(() => rulesOf(svc('{action: sync+exec, path: ./web, target: /x}'))).toThrow(`can't watch with action "sync+exec" on service s without a command`);
    expect(() => rulesOf(svc('{action: sync, path: ./web}'))).toThrow('services.s.develop.watch: target is required for non-rebuild actions');
  });

  it('a sync path under a bind mount is not watched, with compose\'s warning', () => {
    const { rules, warnings } = rulesOf(`services:\n  s:\n    image: busybox\n    volumes: [./web:/web]\n    develop:\n      watch:\n        - {action: sync, path: ./web/src, target: /web/src}\n        - {action: restart, path: ./web/src}\n`);
    expect(rules.map((r) => r.action)).toEqual(['restart']);
    expect(warnings).toEqual([`path '${join(dir, 'web/src')}' also declared by a bind mount volume, this path won't be monitored!`]);
  });
});
