/**
 * examples/hello as its README runs it: `up -d`, the page on the published
 * port says what the README says, `ps` shows the one service running, and
 * `down` leaves no container behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/eventually.js';
import { exampleLab, freePort, httpGet, isRoot, serviceStates, type ExampleLab } from './support.js';

describe.skipIf(!isRoot)('examples/hello, as its README runs it', () => {
  let lab: ExampleLab;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    lab = await exampleLab('hello', { HELLO_PORT: String(port) });
  }, 120_000);

  afterAll(async () => {
    await lab?.cleanup();
  }, 120_000);

  it('answers "hello from tscompose" on the published port after up -d', async () => {
    await lab.ok('up', '-d');
    const page = await eventually(() => httpGet(port), 10_000, 100);
    expect(page).toEqual({ status: 200, text: 'hello from tscompose\n' });
    expect(await serviceStates(lab)).toEqual(['hello running']);
  });

  it('is gone after down, and the port is free again', async () => {
    await lab.ok('down');
    expect(await serviceStates(lab, '-a')).toEqual([]);
    await expect(httpGet(port)).rejects.toThrow();
  });
});
