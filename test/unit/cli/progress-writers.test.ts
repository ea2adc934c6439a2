import { describe, expect, it } from 'vitest';
import { jsonLine } from '../../../src/cli/progress/json.js';
import { plainLine } from '../../../src/cli/progress/plain.js';
import { header, renderLines, TtyState } from '../../../src/cli/progress/tty-lines.js';
import { createProgressWriter, progressMode } from '../../../src/cli/progress/writer.js';

const created = { id: 'Network p_default', status: 'done' as const, statusText: 'Created' };

describe('progress writers', () => {
  it('plain: Println of prefix, id, text and status', () => {
    expect(plainLine(created, false)).toBe(' Network p_default  Created\n');
    expect(plainLine({ id: 'db', status: 'working', text: 'Pulling', statusText: '' }, false)).toBe(' db Pulling \n');
    expect(plainLine(created, true)).toBe(' DRY-RUN MODE -  Network p_default  Created\n');
  });

  it('json: docker compose`s fields, empty ones left out, Go escaping', () => {
    expect(jsonLine(created, false)).toBe('{"id":"Network p_default","status":"Created"}\n');
    expect(jsonLine({ id: 'web', status: 'error', text: 'Error', statusText: 'a <b>' }, true)).toBe('{"dry-run":true,"id":"web","text":"Error","status":"a \\u003cb\\u003e"}\n');
    expect(jsonLine('done', false)).toBe('{"tail":true,"text":"done"}\n');
  });

  it('chooses the mode as docker compose does', async () => {
    expect(progressMode({ progress: 'auto', ansi: 'auto' }, true)).toBe('tty');
    expect(progressMode({ progress: 'auto', ansi: 'auto' }, false)).toBe('plain');
    expect(progressMode({ progress: 'auto', ansi: 'never' }, true)).toBe('plain');
    expect(progressMode({ progress: 'auto', ansi: 'always' }, false)).toBe('tty');
    expect(progressMode({ progress: 'quiet', ansi: 'auto' }, true)).toBe('quiet');
    let out = '';
    const quiet = await createProgressWriter('quiet', { write: (s) => (out += s), isTTY: false }, { dryRun: false, title: 'Running', color: false });
    quiet.event(created);
    expect(out).toBe('');
  });
});

describe('the terminal view`s lines', () => {
  it('pads ids, marks states, keeps the time of what is done, aligns it right', () => {
    const s = new TtyState();
    s.update({ id: 'Network p_default', status: 'working', statusText: 'Creating' }, 1000);
    s.update({ id: 'Container p-db-1', status: 'working', statusText: 'Starting' }, 1100);
    s.update({ id: 'Network p_default', status: 'done', statusText: 'Created' }, 1200);
    s.update({ id: 'Network p_default', status: 'working', statusText: 'Creating' }, 1300);
    expect(renderLines(s.events(), { now: 2500, width: 50, color: false, dryRun: false })).toEqual([
      ' ✔ Network p_default  Created                0.2s ',
      ' ⠼ Container p-db-1   Starting               1.4s ',
    ]);
    expect(header('Running', s.counts(), false)).toBe('[+] Running 1/2');
    s.update({ id: 'Container p-db-1', status: 'error', statusText: 'Error' }, 2600);
    expect(header('Running', s.counts(), true)).toBe('\x1b[34m[+] Running 2/2\x1b[0m');
    expect(renderLines(s.events(), { now: 3000, width: 50, color: true, dryRun: false })[1]).toContain('\x1b[31;1m✘\x1b[0m');
  });
});
