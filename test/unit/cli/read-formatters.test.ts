/**
 * The read commands' formatters against docker compose 2.26.1's output for
 * the running tsctua project (test/fixtures/up/reference), with the clock
 * and the containers' times set to what they were at the capture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogPrinter } from '../../../src/cli/output/log-printer.js';
import { formatLs } from '../../../src/cli/output/ls.js';
import { displayablePorts } from '../../../src/cli/output/ports.js';
import { filterStatuses, formatPs, type PsContainer, type PsOptions } from '../../../src/cli/output/ps.js';
import { formatEvent, formatPort, formatStats, formatTop } from '../../../src/cli/output/read-commands.js';

const REF = join(import.meta.dirname, '..', '..', 'fixtures', 'up', 'reference');
const ref = (f: string) => readFileSync(join(REF, f), 'utf8');

const CREATED = Date.parse('2026-12-01T19:03:23Z');
const base = { project: 'tsctua', image: 'tsctu-bb:1', created: CREATED, exitCode: 0, publishers: [], mounts: [], localVolumes: 0, networks: ['tsctua_default'] };
const db: PsContainer = {
  ...base, id: '8365f049890a2bf5783d0b1fd7bf0cd3ebf152000f074717ec35c81d5b74526f', name: 'tsctua-db-1', service: 'db', command: 'sleep 3600',
  state: 'running', startedAt: CREATED + 1900, health: 'healthy', mounts: ['tsctua_data'], localVolumes: 1, labels: {},
};
const web: PsContainer = {
  ...base, id: '4e2a7121344c56ef605c3b75e818a5a2648eb92f673a365e1cc985c3509c8238', name: 'tsctua-web-1', service: 'web', command: 'sh -c \'echo hello from web; sleep 3600\'',
  state: 'running', startedAt: CREATED + 3900, labels: {}, publishers: [{ url: '127.0.0.1', targetPort: 80, publishedPort: 18081, protocol: 'tcp' }],
};
const job: PsContainer = { ...base, id: 'b0b', name: 'tsctua-job-1', service: 'job', command: "sh -c 'echo done'", state: 'exited', startedAt: CREATED + 2000, finishedAt: CREATED + 7500, labels: {} };
const ps = (o: Partial<PsOptions> = {}): PsOptions => ({ format: 'table', quiet: false, services: false, all: false, statuses: [], noTrunc: false, ...o });

describe('ps', () => {
  it('prints docker compose`s table, health in STATUS, -a with the exited one-shot', () => {
    expect(formatPs([web, db, job], ps(), CREATED + 7950)).toBe(ref('ps.txt'));
    expect(formatPs([web, db, job], ps({ all: true }), CREATED + 8050)).toBe(ref('ps-a.txt'));
    expect(formatPs([web, db, job], ps({ services: true }), CREATED + 8500)).toBe(ref('ps-services.txt'));
    expect(formatPs([web, db], ps({ quiet: true }), 0)).toBe(`${db.id}\n${web.id}\n`);
  });

  it('--format json: one object per container with docker compose`s fields', () => {
    const dropLabels = (s: string) => s.replace(/"Labels":"[^"]*",/g, '');
    const withLabels = { ...db, labels: {} };
    expect(dropLabels(formatPs([web, withLabels], ps({ format: 'json' }), CREATED + 8050))).toBe(dropLabels(ref('ps-json.txt')));
  });

  it('--status and --filter status= select states; templates see the fields', () => {
    expect(formatPs([web, db, job], ps({ statuses: filterStatuses('status=exited'), format: '{{.Name}} {{.State}}' }), 0)).toBe('tsctua-job-1 exited\n');
    expect(formatPs([web, db], ps({ format: '{{.Name}} {{.Health}} {{.State}}' }), 0)).toBe('tsctua-db-1 healthy running\ntsctua-web-1  running\n');
    expect(() => filterStatuses('size=1')).toThrow('unknown filter size');
    expect(() => filterStatuses('status')).toThrow('arguments to --filter should be in form KEY=VAL');
  });

  it('ports as the docker CLI groups them', () => {
    expect(displayablePorts([
      { url: '', targetPort: 81, publishedPort: 0, protocol: 'tcp' }, { url: '', targetPort: 80, publishedPort: 0, protocol: 'tcp' },
      { url: '0.0.0.0', targetPort: 443, publishedPort: 443, protocol: 'tcp' }, { url: '::', targetPort: 5432, publishedPort: 15432, protocol: 'tcp' },
    ])).toBe('80-81/tcp, 0.0.0.0:443->443/tcp, [::]:15432->5432/tcp');
  });
});

describe('logs prefixes', () => {
  it('pads to the longest name plus one, clears the line, colours in compose`s rotation', () => {
    const plain = new LogPrinter({ color: false, prefix: true, timestamps: false });
    plain.register('job-1');
    plain.register('web-1');
    expect(plain.log({ container: 'job-1', line: 'done' }) + plain.log({ container: 'job-1', line: 'done' }) + plain.log({ container: 'web-1', line: 'hello from web' })).toBe(ref('logs-nocolor.txt'));
    const color = new LogPrinter({ color: true, prefix: true, timestamps: false });
    expect(color.log({ container: 'web-1', line: 'hello from web' }) + color.log({ container: 'job-1', line: 'done' }) + color.log({ container: 'job-1', line: 'done' })).toBe(ref('logs-ansi.txt'));
    const stamped = new LogPrinter({ color: false, prefix: true, timestamps: true });
    expect(stamped.log({ container: 'web-1', line: 'hello from web', time: '2026-12-01T19:03:26.647869978Z' })).toBe(ref('logs-t.txt'));
    const bare = new LogPrinter({ color: false, prefix: false, timestamps: false });
    expect(['done', 'done', 'hello from web'].map((line) => bare.log({ container: 'x', line })).join('')).toBe(ref('logs-noprefix.txt'));
    expect(color.status('web-1', 'exited with code 0')).toBe('\x1b[36mweb-1 exited with code 0\n\x1b[0m');
  });
});

describe('ls, port, top, events, stats', () => {
  const stacks = [{ name: 'tsctua', states: ['running', 'running', 'exited'], configFiles: ['/tmp/tsctu-cap/a/compose.yaml'] }, { name: 'tsctuz', states: ['exited'], configFiles: [] }];

  it('ls: running projects, -a all of them, json as one array', () => {
    expect(formatLs(stacks, { format: 'table', quiet: false, all: false, filters: [] })).toBe(ref('ls.txt'));
    expect(formatLs(stacks, { format: 'json', quiet: false, all: false, filters: [] })).toBe(ref('ls-json.txt'));
    expect(formatLs(stacks, { format: 'table', quiet: false, all: true, filters: ['name=tsctua'] })).toBe(
      'NAME                STATUS                  CONFIG FILES\ntsctua              exited(1), running(2)   /tmp/tsctu-cap/a/compose.yaml\n',
    );
    expect(formatLs(stacks, { format: 'table', quiet: true, all: true, filters: [] })).toBe('tsctua\ntsctuz\n');
  });

  it('port prints the binding or docker compose`s error', () => {
    expect(formatPort('tsctua-web-1', web.publishers, 80, 'tcp')).toBe('127.0.0.1:18081\n');
    expect(() => formatPort('tsctua-web-1', web.publishers, 81, 'tcp')).toThrow('no port 81/tcp for container tsctua-web-1: 18081/tcp');
  });

  it('top prints a table per container', () => {
    const row = (pid: string, ppid: string) => ['root', pid, ppid, '0', '19:03', '?', '00:00:00', 'sleep 3600'];
    const titles = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'];
    expect(formatTop([{ name: 'tsctua-web-1', titles, processes: [row('27784', '27760')] }, { name: 'tsctua-db-1', titles, processes: [row('27584', '27548')] }])).toBe(ref('top.txt'));
  });

  it('events as Event.String and as --json', () => {
    const e = { time: new Date('2026-12-01T19:16:41.740Z'), nanos: 37631, container: '4ed9b5ffcd534f3aaa11c10f8768c8b454684d06c6210a1483f974ff7160f61c', service: 'db', action: 'health_status: healthy', attributes: { image: 'tsctu-bb:1', name: 'tsctua-db-1' } };
    const jsonLine = ref('events-json.txt').split('\n').find((l) => l.includes('health_status'));
    expect(formatEvent(e, true)).toBe(`${jsonLine}\n`);
    const textLine = ref('events.txt').split('\n').find((l) => l.includes('health_status'));
    expect(formatEvent(e, false)).toBe(`${textLine}\n\n`);
  });

  it('stats: the docker CLI`s table and json', () => {
    const s = { id: '4ed9b5ffcd534f3aaa11c10f8768c8b454684d06c6210a1483f974ff7160f61c', name: 'tsctua-db-1', cpuPercent: 3.18, memUsage: 432 * 1024, memLimit: 25_274_000_000, netRx: 806, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1 };
    expect(formatStats([s], 'table', false)).toBe(ref('stats.txt'));
    expect(formatStats([{ ...s, cpuPercent: 4.21, memUsage: 700 * 1024 }], 'json', false)).toBe(ref('stats-json.txt'));
  });
});
