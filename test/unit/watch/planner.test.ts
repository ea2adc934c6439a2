/**
 * The watch planner and its path tests: which rule takes a changed path
 * (under its path, included, not ignored), where it goes in the container,
 * and what a batch asks for per service, as docker compose's
 * handleWatchBatch decides.
 */
import { describe, expect, it } from 'vitest';
import { EPHEMERAL_PATTERNS, anyOf, patternTest } from '../../../src/watch/match.js';
import { matchRule, planBatch } from '../../../src/watch/planner.js';
import type { WatchRule } from '../../../src/watch/types.js';

const never = (): boolean => false;

function rule(r: Partial<WatchRule> & Pick<WatchRule, 'service' | 'action' | 'path'>): WatchRule {
  return { target: '', ignored: never, initialSync: false, ...r };
}

describe('matchRule', () => {
  const sync = rule({ service: 'web', action: 'sync', path: '/p/src', target: '/app/src' });

  it('maps a path under the rule to the same place under the target', () => {
    expect(matchRule(sync, '/p/src/a/b.js')).toEqual({ hostPath: '/p/src/a/b.js', containerPath: '/app/src/a/b.js' });
    expect(matchRule(sync, '/p/src')).toEqual({ hostPath: '/p/src', containerPath: '/app/src' });
  });

  it('leaves paths outside the rule alone, including a sibling with the same prefix', () => {
    expect(matchRule(sync, '/p/srcx/a.js')).toBeUndefined();
    expect(matchRule(sync, '/p/other.js')).toBeUndefined();
  });

  it('a rebuild rule has no container path', () => {
    expect(matchRule(rule({ service: 'web', action: 'rebuild', path: '/p/package.json' }), '/p/package.json')).toEqual({ hostPath: '/p/package.json', containerPath: '' });
  });

  it('ignore patterns are relative to the rule path; include narrows it', () => {
    const r = rule({ service: 'w', action: 'sync', path: '/p/src', target: '/t', ignored: patternTest('/p/src', ['node_modules', '*.tmp']), included: patternTest('/p/src', ['**/*.js']) });
    expect(matchRule(r, '/p/src/node_modules/x/index.js')).toBeUndefined();
    expect(matchRule(r, '/p/src/a.tmp')).toBeUndefined();
    expect(matchRule(r, '/p/src/a.css')).toBeUndefined();
    expect(matchRule(r, '/p/src/lib/a.js')?.containerPath).toBe('/t/lib/a.js');
  });

  it('.dockerignore patterns are relative to the build context, with ! exceptions', () => {
    const ignored = patternTest('/p', ['src/*.log', '!src/keep.log']);
    const r = rule({ service: 'w', action: 'sync', path: '/p/src', target: '/t', ignored });
    expect(matchRule(r, '/p/src/debug.log')).toBeUndefined();
    expect(matchRule(r, '/p/src/keep.log')?.containerPath).toBe('/t/keep.log');
  });

  it("editors' temporary files and .git are ignored everywhere", () => {
    const eph = patternTest('/', EPHEMERAL_PATTERNS);
    for (const p of ['/p/src/.a.js.swp', '/p/src/a.js~', '/p/src/4913', '/p/src/.#a.js', '/p/src/#a.js#', '/p/src/x___jb_tmp___', '/p/.git/HEAD', '/p/src/.git']) expect(eph(p), p).toBe(true);
    for (const p of ['/p/src/a.js', '/p/src/swp.js', '/p/src/.gitignore']) expect(eph(p), p).toBe(false);
  });

  it('anyOf combines tests', () => {
    expect(anyOf([never, (p) => p === '/x'])('/x')).toBe(true);
    expect(anyOf([])('/x')).toBe(false);
  });
});

describe('planBatch', () => {
  const rules = [
    rule({ service: 'web', action: 'sync', path: '/p/web', target: '/srv' }),
    rule({ service: 'web', action: 'rebuild', path: '/p/web/package.json' }),
    rule({ service: 'api', action: 'sync+restart', path: '/p/api/conf', target: '/etc/api' }),
    rule({ service: 'api', action: 'sync+exec', path: '/p/api/src', target: '/app', exec: { command: ['kill', '-HUP', '1'] } }),
    rule({ service: 'worker', action: 'restart', path: '/p/worker' }),
  ];

  it('syncs each file once per service, in the order seen', () => {
    const p = planBatch(rules, ['/p/web/a.html', '/p/web/b.css', '/p/web/a.html']);
    expect([...p.sync]).toEqual([['web', [{ hostPath: '/p/web/a.html', containerPath: '/srv/a.html' }, { hostPath: '/p/web/b.css', containerPath: '/srv/b.css' }]]]);
    expect(p).toMatchObject({ rebuild: [], restart: [] });
    expect(p.exec.size).toBe(0);
  });

  it('a rebuild rule rebuilds; its service is not also restarted; a file under both sync and rebuild paths is synced too', () => {
    const p = planBatch([...rules, rule({ service: 'web', action: 'restart', path: '/p/web' })], ['/p/web/package.json']);
    expect(p.rebuild).toEqual(['web']);
    expect(p.restart).toEqual([]);
    expect(p.sync.get('web')).toEqual([{ hostPath: '/p/web/package.json', containerPath: '/srv/package.json' }]);
  });

  it('sync+restart syncs and restarts; restart only restarts', () => {
    const p = planBatch(rules, ['/p/api/conf/a.ini', '/p/worker/job.py']);
    expect(p.sync.get('api')).toEqual([{ hostPath: '/p/api/conf/a.ini', containerPath: '/etc/api/a.ini' }]);
    expect(p.sync.has('worker')).toBe(false);
    expect(p.restart).toEqual(['api', 'worker']);
  });

  it('sync+exec runs its command once however many files changed', () => {
    const p = planBatch(rules, ['/p/api/src/a.py', '/p/api/src/b.py']);
    expect(p.sync.get('api')).toHaveLength(2);
    expect(p.exec.get('api')).toEqual([{ command: ['kill', '-HUP', '1'] }]);
    expect(p.restart).toEqual([]);
  });

  it('a batch of ignored or unrelated paths asks for nothing', () => {
    const ignoring = [rule({ service: 'web', action: 'sync', path: '/p/web', target: '/srv', ignored: patternTest('/p/web', ['*.swp']) })];
    const p = planBatch(ignoring, ['/p/web/x.swp', '/elsewhere/y']);
    expect(p.sync.size + p.rebuild.length + p.restart.length + p.exec.size).toBe(0);
  });
});
