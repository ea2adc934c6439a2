import { describe, expect, it } from 'vitest';
import { humanSize } from '../../../src/app/units.js';
import { progressWriter } from '../../../src/cli/output/progress.js';
import type { Display } from '../../../src/cli/global-options.js';
import type { CliIo } from '../../../src/cli/io.js';

function io(tty: boolean): { io: CliIo; err: () => string } {
  let err = '';
  return { io: { cwd: '/', env: {}, stdout: () => undefined, stderr: (s) => (err += s), readStdin: () => '', stdoutIsTTY: tty, stderrIsTTY: tty, columns: 60 }, err: () => err };
}
const display = (progress: Display['progress'], ansi: Display['ansi'] = 'auto'): Display => ({ ansi, progress, parallel: -1, verbose: false, compatibility: false, allResources: false });

describe('progress writers', () => {
  it("plain prints compose's Println lines", () => {
    const t = io(false);
    const w = progressWriter(t.io, display('auto'), 'Pulling', humanSize);
    w.event({ id: 'web', status: 'working', text: 'Pulling' });
    w.event({ id: 'abc', parentId: 'web', status: 'working', text: 'Downloading', statusText: '[=>] 1B/2B' });
    w.tail('WARNING: x');
    w.stop();
    expect(t.err()).toBe(' web Pulling \n abc Downloading [=>] 1B/2B\nWARNING: x\n');
  });

  it('tty draws a block with a header, the service and its layers', () => {
    const t = io(true);
    const w = progressWriter(t.io, display('auto'), 'Pulling', humanSize);
    w.event({ id: 'web', status: 'working', text: 'Pulling' });
    w.event({ id: 'abc', parentId: 'web', status: 'done', text: 'Pull complete', percent: 100 });
    w.event({ id: 'web', status: 'done', text: 'Pulled' });
    w.stop();
    const screen = t.err().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(screen).toMatch(/^\[\+\] Pulling 1\/1\n ✔ web Pulled +\d+\.\ds \n   ✔ abc Pull complete +\d+\.\ds \n$/);
    expect(screen.split('\n')[1]).toHaveLength(60);
  });

  it('quiet prints nothing', () => {
    const t = io(true);
    const w = progressWriter(t.io, display('quiet'), 'Pulling', humanSize);
    w.event({ id: 'web', status: 'working', text: 'Pulling' });
    w.stop();
    expect(t.err()).toBe('');
  });
});
