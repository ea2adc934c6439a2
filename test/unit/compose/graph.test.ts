import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildServiceGraph, checkCycles, startLevels, withDependencies } from '../../../src/compose/graph.js';
import type { Mapping } from '../../../src/compose/tree.js';

function services(yaml: string): Mapping {
  return parse(yaml) as Mapping;
}

function cycleOf(yaml: string): string | undefined {
  try {
    checkCycles(buildServiceGraph(services(yaml)));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('dependency cycles', () => {
  it.each([
    ['a: {depends_on: [b]}\nb: {depends_on: [c]}\nc: {depends_on: [a]}', 'dependency cycle detected: a -> b -> c -> a'],
    ['c: {depends_on: [a]}\nb: {depends_on: [c]}\na: {depends_on: [b]}', 'dependency cycle detected: a -> b -> c -> a'],
    ['a: {depends_on: [a]}', 'dependency cycle detected: a -> a'],
    ['a: {depends_on: [b]}\nb: {depends_on: [c]}\nc: {depends_on: [b]}', 'dependency cycle detected: b -> c -> b'],
    ['a: {links: ["b:alias"]}\nb: {depends_on: {a: {condition: service_healthy}}}', 'dependency cycle detected: a -> b -> a'],
    ['a: {network_mode: "service:b"}\nb: {volumes_from: [a]}', 'dependency cycle detected: a -> b -> a'],
    ['a: {ipc: "service:b"}\nb: {pid: "service:a"}', 'dependency cycle detected: a -> b -> a'],
    ['a: {volumes_from: ["container:x"]}', undefined],
    ['a: {depends_on: [b, c]}\nb: {depends_on: [c]}\nc: {}', undefined],
  ])('%s', (yaml, expected) => {
    expect(cycleOf(yaml)).toBe(expected);
  });

  // A search that revisits shared dependencies is exponential here and never
  // ends; a linear one finishes well inside the test timeout, loaded machine or not.
  it('stays tractable on a wide acyclic project', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `s${i}: {depends_on: [${Array.from({ length: Math.min(i, 20) }, (_, j) => `s${i - j - 1}`).join(', ')}]}`);
    expect(() => checkCycles(buildServiceGraph(services(lines.join('\n'))))).not.toThrow();
  });
});

describe('missing dependencies', () => {
  it('names the undefined service', () => {
    expect(() => buildServiceGraph(services('a: {depends_on: [zz]}'))).toThrow(
      'service "a" depends on undefined service "zz": invalid compose project',
    );
  });
  it('drops an optional dependency', () => {
    const g = buildServiceGraph(services('a: {depends_on: {zz: {condition: service_started, required: false}}}'));
    expect(g.deps.get('a')).toEqual([]);
  });
  it('says which profile enables a disabled dependency', () => {
    expect(() => buildServiceGraph(services('a: {depends_on: [db]}'), services('db: {profiles: [debug]}'))).toThrow(
      'service "db" is required by "a" but is disabled. Can be enabled by profiles [debug]',
    );
  });
});

describe('order', () => {
  const g = buildServiceGraph(services('web: {depends_on: [app]}\napp: {depends_on: [db, cache]}\ndb: {}\ncache: {}\nadmin: {}'));
  it('groups services into start levels', () => {
    expect(startLevels(g)).toEqual([['admin', 'cache', 'db'], ['app'], ['web']]);
  });
  it('collects transitive dependencies', () => {
    expect([...withDependencies(g, ['app'])].sort()).toEqual(['app', 'cache', 'db']);
  });
});
