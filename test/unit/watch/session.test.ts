/**
 * A watch session on a fake driver and a fake file watcher, syncing into a
 * plain directory standing for a container's root filesystem: the initial
 * sync, a batch of edits and a deletion, symlinks in the "image" kept
 * inside the root, the order of the actions, and a failed batch that does
 * not stop the watch.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { patternTest } from '../../../src/watch/match.js';
import { WatchSession, type WatchDriver } from '../../../src/watch/session.js';
import type { Timers } from '../../../src/watch/debounce.js';
import type { ExecHook, WatchRule } from '../../../src/watch/types.js';

class ManualTimers implements Timers {
  private fn: (() => void) | undefined;
  setTimeout(fn: () => void): unknown {
    this.fn = fn;
    return 1;
  }
  clearTimeout(): void {
    this.fn = undefined;
  }
  fire(): void {
    const f = this.fn;
    this.fn = undefined;
    f?.();
  }
}

class FakeDriver implements WatchDriver {
  calls: string[] = [];
  failRebuild = false;
  constructor(private readonly rootfs: string) {}
  rootfsOf(service: string): Promise<string[]> {
    this.calls.push(`rootfs ${service}`);
    return Promise.resolve([this.rootfs]);
  }
  restart(services: string[]): Promise<void> {
    this.calls.push(`restart ${services.join(',')}`);
    return Promise.resolve();
  }
  exec(service: string, hook: ExecHook): Promise<void> {
    this.calls.push(`exec ${service} ${hook.command.join(' ')}`);
    return Promise.resolve();
  }
  rebuild(services: string[]): Promise<void> {
    this.calls.push(`rebuild ${services.join(',')}`);
    return this.failRebuild ? Promise.reject(new Error('exit code: 1')) : Promise.resolve();
  }
}

let dir: string;
let src: string;
let rootfs: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsctb-watch-'));
  src = join(dir, 'src');
  rootfs = join(dir, 'rootfs');
  mkdirSync(join(src, 'sub'), { recursive: true });
  mkdirSync(join(rootfs, 'srv'), { recursive: true });
  writeFileSync(join(src, 'index.html'), 'one');
  writeFileSync(join(src, 'sub', 'run.sh'), '#!/bin/sh', { mode: 0o750 });
  writeFileSync(join(src, 'x.tmp'), 'ignored');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function session(rules: WatchRule[], driver: FakeDriver) {
  const timers = new ManualTimers();
  const log: string[] = [];
  let onChange: (p: string) => void = () => undefined;
  const s = new WatchSession(rules, driver, {
    log: (m) => log.push(m),
    timers,
    watch: (paths, change) => {
      log.push(`watching ${paths.join(' ')}`);
      onChange = change;
      return Promise.resolve({ close: () => Promise.resolve() });
    },
  });
  const change = async (...paths: string[]): Promise<void> => {
    for (const p of paths) onChange(p);
    timers.fire();
    await s.idle();
  };
  return { s, log, change };
}

const syncRule = (over: Partial<WatchRule> = {}): WatchRule => ({
  service: 'web', action: 'sync', path: src, target: '/srv/www', ignored: patternTest(src, ['*.tmp']), initialSync: false, ...over,
});

describe('WatchSession', () => {
  it('initial_sync copies the rule path (not what it ignores) before watching, keeping modes', async () => {
    const { s, log } = session([syncRule({ initialSync: true })], new FakeDriver(rootfs));
    await s.start();
    expect(readFileSync(join(rootfs, 'srv/www/index.html'), 'utf8')).toBe('one');
    expect(statSync(join(rootfs, 'srv/www/sub/run.sh')).mode & 0o777).toBe(0o750);
    expect(existsSync(join(rootfs, 'srv/www/x.tmp'))).toBe(false);
    expect(log).toEqual([`watching ${src}`, 'Watch enabled']);
  });

  it('syncs an edited file and removes a deleted one, in one batch', async () => {
    const { s, log, change } = session([syncRule()], new FakeDriver(rootfs));
    await s.start();
    mkdirSync(join(rootfs, 'srv/www'), { recursive: true });
    writeFileSync(join(rootfs, 'srv/www/old.txt'), 'old');
    writeFileSync(join(src, 'index.html'), 'two');
    await change(join(src, 'index.html'), join(src, 'old.txt'), join(src, 'x.tmp'));
    expect(readFileSync(join(rootfs, 'srv/www/index.html'), 'utf8')).toBe('two');
    expect(existsSync(join(rootfs, 'srv/www/old.txt'))).toBe(false);
    expect(existsSync(join(rootfs, 'srv/www/x.tmp'))).toBe(false);
    expect(log).toContain('Syncing service "web" after 2 changes were detected');
  });

  it('a symlink in the root is followed inside it, never out to the host', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    rmSync(join(rootfs, 'srv'), { recursive: true });
    symlinkSync(outside, join(rootfs, 'srv'));
    const { s, change } = session([syncRule()], new FakeDriver(rootfs));
    await s.start();
    await change(join(src, 'index.html'));
    expect(readFileSync(join(rootfs, dir.slice(1), 'outside/www/index.html'), 'utf8')).toBe('one');
    expect(existsSync(join(outside, 'www'))).toBe(false);
  });

  it('rebuilds first, then syncs, restarts and runs sync+exec commands', async () => {
    const d = new FakeDriver(rootfs);
    const rules: WatchRule[] = [
      { service: 'app', action: 'rebuild', path: join(dir, 'Dockerfile'), target: '', ignored: () => false, initialSync: false },
      syncRule({ service: 'web', action: 'sync+exec', exec: { command: ['nginx', '-s', 'reload'] } }),
      { service: 'worker', action: 'restart', path: src, target: '', ignored: () => false, initialSync: false },
    ];
    const { s, log, change } = session(rules, d);
    await s.start();
    await change(join(dir, 'Dockerfile'), join(src, 'index.html'));
    expect(d.calls).toEqual(['rebuild app', 'rootfs web', 'restart worker', 'exec web nginx -s reload']);
    expect(log).toEqual(expect.arrayContaining(['Rebuilding service(s) ["app"] after changes were detected...', 'service(s) ["app"] successfully built', 'service(s) ["worker"] restarted']));
  });

  it('a failed rebuild is reported and the next batch still runs', async () => {
    const d = new FakeDriver(rootfs);
    d.failRebuild = true;
    const rules: WatchRule[] = [{ service: 'app', action: 'rebuild', path: join(dir, 'Dockerfile'), target: '', ignored: () => false, initialSync: false }, syncRule()];
    const { s, log, change } = session(rules, d);
    await s.start();
    await change(join(dir, 'Dockerfile'));
    expect(log).toEqual(expect.arrayContaining(['Build failed. Error: exit code: 1', 'Error handling changed files: exit code: 1']));
    await change(join(src, 'index.html'));
    expect(readFileSync(join(rootfs, 'srv/www/index.html'), 'utf8')).toBe('one');
    await s.close();
    expect(log.at(-1)).toBe('Watch disabled');
  });
});
