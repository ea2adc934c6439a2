import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runUp } from '../../../src/app/up.js';
import { replicaArgs, scaleRequest } from '../../../src/cli/commands/scale.js';
import { newLab, type Lab } from './lifecycle-support.js';

let lab: Lab;
beforeEach(() => {
  lab = newLab();
  lab.ports.images.images.set('busybox', { id: 'sha256:1', config: {} });
});
afterEach(() => lab.cleanup());

describe('scale', () => {
  it('parses SERVICE=REPLICAS with docker compose`s messages', () => {
    expect(replicaArgs(['web=3', 'db=0'])).toEqual({ web: 3, db: 0 });
    expect(() => replicaArgs(['web'])).toThrow('invalid scale specifier: web');
    expect(() => replicaArgs(['=2'])).toThrow('invalid scale specifier: =2');
    expect(() => replicaArgs(['web=x'])).toThrow("invalid scale specifier: can't parse replica value as int: web=x");
  });

  it('scales up with the next numbers (dependencies created first) and down by removing the highest ones', async () => {
    const s = lab.session({ wiredPort: true });
    await runUp(lab.global(), lab.host(), scaleRequest({ app: 3 }, false, false), s);
    const names = () => [...lab.ports.containers.containers.keys()].sort();
    expect(names()).toEqual(['tsctulapp-app-1', 'tsctulapp-app-2', 'tsctulapp-app-3', 'tsctulapp-db-1']);
    await runUp(lab.global(), lab.host(), scaleRequest({ app: 1 }, true, false), s);
    expect(names()).toEqual(['tsctulapp-app-1', 'tsctulapp-db-1']);
    expect(lab.record()?.containers.map((c) => c.name)).toEqual(['tsctulapp-app-1', 'tsctulapp-db-1']);
  });
});
