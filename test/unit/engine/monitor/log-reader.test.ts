import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineAssembler, logFiles, readExisting, readLogs, type LogEntry } from '../../../../src/engine/monitor/log-reader.js';

let dir = '';
let log = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscte-log-'));
  log = join(dir, 'container.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const t = (s: number): string => `2025-01-01T00:00:${String(s).padStart(2, '0')}.000000000Z`;
const line = (s: number, stream: string, tag: string, text: string): string => `${t(s)} ${stream} ${tag} ${text}\n`;
const texts = (es: LogEntry[]): string[] => es.map((e) => e.text);

describe('LineAssembler', () => {
  it('joins P pieces with the F line of the same stream, keeping the first piece’s time', () => {
    const a = new LineAssembler();
    expect(a.push(line(1, 'stdout', 'P', 'par').trim())).toBeUndefined();
    expect(a.push(line(2, 'stderr', 'F', 'err').trim())).toEqual({ time: t(2), stream: 'stderr', text: 'err\n' });
    expect(a.push(line(3, 'stdout', 'F', 'tial').trim())).toEqual({ time: t(1), stream: 'stdout', text: 'partial\n' });
    expect(a.push(line(4, 'stdout', 'P', 'no newline yet').trim())).toBeUndefined();
    expect(a.flush()).toEqual([{ time: t(4), stream: 'stdout', text: 'no newline yet' }]);
    expect(a.push('garbage')).toBeUndefined();
  });

  it('keeps spaces and an empty line', () => {
    const a = new LineAssembler();
    expect(a.push(`${t(1)} stdout F   indented  `)?.text).toBe('  indented  \n');
    expect(a.push(`${t(1)} stdout F `)?.text).toBe('\n');
  });
});

describe('reading a log', () => {
  beforeEach(() => {
    writeFileSync(`${log}.2`, line(1, 'stdout', 'F', 'one') + line(2, 'stdout', 'F', 'two'));
    writeFileSync(`${log}.1`, line(3, 'stdout', 'F', 'three') + line(4, 'stdout', 'P', 'fo'));
    writeFileSync(log, line(5, 'stdout', 'F', 'ur') + line(6, 'stderr', 'F', 'five') + line(7, 'stdout', 'F', 'six'));
  });

  it('reads rotated files oldest first and joins a line split across them', () => {
    expect(logFiles(log)).toEqual([`${log}.2`, `${log}.1`, log]);
    expect(texts(readExisting(log))).toEqual(['one\n', 'two\n', 'three\n', 'four\n', 'five\n', 'six\n']);
  });

  it('tails across files', () => {
    expect(texts(readExisting(log, { tail: 2 }))).toEqual(['five\n', 'six\n']);
    expect(texts(readExisting(log, { tail: 4 }))).toEqual(['three\n', 'four\n', 'five\n', 'six\n']);
    expect(texts(readExisting(log, { tail: 100 }))).toHaveLength(6);
    expect(readExisting(log, { tail: 0 })).toEqual([]);
  });

  it('bounds by since (inclusive) and until (exclusive)', () => {
    expect(texts(readExisting(log, { since: t(3), until: t(6) }))).toEqual(['three\n', 'four\n']);
  });

  it('a missing log is empty', () => {
    expect(readExisting(join(dir, 'none.log'))).toEqual([]);
  });
});

describe('following a log', () => {
  it('yields new lines, survives a rotation and a truncation, and ends on abort', async () => {
    writeFileSync(log, line(1, 'stdout', 'F', 'old'));
    const ac = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of readLogs(log, { follow: true, signal: ac.signal, pollMs: 20 })) {
        seen.push(e.text);
        if (seen.length === 5) ac.abort();
      }
    })();
    const wait = async (n: number): Promise<void> => {
      while (seen.length < n) await new Promise((r) => setTimeout(r, 10));
    };
    await wait(1);
    appendFileSync(log, line(2, 'stdout', 'P', 'split '));
    appendFileSync(log, line(3, 'stdout', 'F', 'line'));
    await wait(2);
    appendFileSync(log, line(4, 'stdout', 'F', 'before rotation'));
    await wait(3);
    renameSync(log, `${log}.1`);
    writeFileSync(log, line(5, 'stdout', 'F', 'after rotation'));
    await wait(4);
    // The monitor starts a single-file log afresh as a new file (log.c rotate).
    rmSync(log);
    writeFileSync(log, line(6, 'stderr', 'F', 'after truncation'));
    await done;
    expect(seen).toEqual(['old\n', 'split line\n', 'before rotation\n', 'after rotation\n', 'after truncation\n']);
  });

  it('ends when stop says so and there is nothing new', async () => {
    writeFileSync(log, line(1, 'stdout', 'F', 'a'));
    let calls = 0;
    const seen: string[] = [];
    for await (const e of readLogs(log, { follow: true, pollMs: 10, stop: () => ++calls > 2 })) seen.push(e.text);
    expect(seen).toEqual(['a\n']);
  });
});
