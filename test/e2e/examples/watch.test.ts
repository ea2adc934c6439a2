/**
 * examples/watch as its README runs it: `up --watch` builds and starts
 * `site` and then watches it; an edit under src/ is served from the running
 * container (a swap file is not synced), an edit to the Dockerfile rebuilds
 * the image and recreates the container, and Ctrl-C stops it. Then the
 * other way the README gives: `tscompose watch` on the project.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/eventually.js';
import { exampleLab, freePort, httpGet, isRoot, serviceStates, type ExampleLab } from './support.js';

const SLOW = 90_000;

describe.skipIf(!isRoot)('examples/watch, as its README runs it', () => {
  let lab: ExampleLab;
  let port = 0;
  const page = async (path = '/'): Promise<string> => {
    const r = await httpGet(port, path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    return r.text;
  };
  const containerId = async (): Promise<string> => (await lab.ok('ps', '-q', 'site')).trim();

  beforeAll(async () => {
    port = await freePort();
    lab = await exampleLab('watch', { WATCH_PORT: String(port) });
  }, 120_000);

  afterAll(async () => {
    await lab?.cleanup();
  }, 120_000);

  it('up --watch syncs an edit, leaves swap files out, rebuilds on a Dockerfile edit, and stops on Ctrl-C', async () => {
    const up = lab.spawn(['up', '--watch']);
    const exited = new Promise<number | null>((done) => up.on('exit', (code) => done(code)));
    expect(await eventually(() => page(), SLOW, 250)).toContain('edit me');
    await eventually(() => up.output().includes('Watch enabled'), SLOW, 100);

    writeFileSync(join(lab.dir, 'src', 'index.html'), '<h1>edited</h1>\n');
    await eventually(async () => (await page()) === '<h1>edited</h1>\n', SLOW, 100);
    writeFileSync(join(lab.dir, 'src', '.index.html.swp'), 'swap');
    writeFileSync(join(lab.dir, 'src', 'second.html'), 'second\n');
    await eventually(async () => (await page('/second.html')) === 'second\n', SLOW, 100);
    expect((await lab.ok('exec', '-T', 'site', 'ls', '-a', '/var/www')).split('\n')).not.toContain('.index.html.swp');

    const before = await containerId();
    appendFileSync(join(lab.dir, 'Dockerfile'), 'RUN echo rebuilt > /var/www/rebuilt.txt\n');
    await eventually(async () => (await page('/rebuilt.txt')) === 'rebuilt\n', 180_000, 250);
    expect(await containerId()).not.toBe(before);
    expect(up.output()).toMatch(/Container \S+-site-1 {2}Recreated/);

    // Ctrl-C on a terminal signals the whole foreground process group.
    process.kill(-(up.pid ?? 0), 'SIGINT');
    expect(await exited).toBe(0);
    expect(up.output()).toContain('Gracefully stopping...');
    expect(await serviceStates(lab, '-a')).toEqual(['site exited']);
  }, 420_000);

  it('tscompose watch starts the project again and syncs an edit', async () => {
    const watch = lab.spawn(['watch']);
    const exited = new Promise<number | null>((done) => watch.on('exit', (code) => done(code)));
    await eventually(() => watch.output().includes('Watch enabled'), SLOW, 100);
    expect(await serviceStates(lab)).toEqual(['site running']);
    writeFileSync(join(lab.dir, 'src', 'index.html'), '<h1>edited by watch</h1>\n');
    await eventually(async () => (await page()) === '<h1>edited by watch</h1>\n', SLOW, 100);
    process.kill(-(watch.pid ?? 0), 'SIGINT');
    expect(await exited).toBe(0);
    expect(watch.output()).toContain('Watch disabled');
  }, 300_000);
});
