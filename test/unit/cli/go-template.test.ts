import { describe, expect, it } from 'vitest';
import { formatList, goJson } from '../../../src/cli/output/formatted-list.js';
import { parseTemplate, renderTemplate } from '../../../src/cli/output/go-template.js';
import { bytesSize, humanDuration, humanSize } from '../../../src/cli/output/go-units.js';

const render = (t: string, dot: Parameters<typeof renderTemplate>[1]) => renderTemplate(parseTemplate(t), dot, goJson);

describe('Go template subset', () => {
  const item = { Name: 'p-db-1', Labels: 'a=b', N: 3, Label: (k: string) => (k === 'a' ? 'b' : '') };

  it('fields, method calls with arguments, docker`s functions', () => {
    expect(render('{{.Name}}\t{{.Label "a"}}', item)).toBe('p-db-1\tb');
    expect(render('{{upper .Name}} {{lower "X"}} {{title "hello world"}} {{truncate .Name 4}} [{{pad .N 1 1}}]', item)).toBe('P-DB-1 x Hello World p-db [ 3 ]');
    expect(render('{{json .}}', { b: 1, a: 'x<' })).toBe('{"a":"x\\u003c","b":1}');
    expect(render('{{join .L ","}}', { L: ['a', 'b'] })).toBe('a,b');
  });

  it('fails as Go does on what it does not know', () => {
    expect(() => render('{{nope .Name}}', item)).toThrow('template parsing error: template: :1: function "nope" not defined');
    expect(() => render('{{.Nope}}', item)).toThrow("can't evaluate field Nope");
    expect(() => render('{{.Name', item)).toThrow('unclosed action');
  });

  it('formats lists as docker`s formatter.Context: table with headers, json, a template, -q', () => {
    const spec = { table: 'table {{.Driver}}\t{{.Name}}', headers: { Driver: 'DRIVER', Name: 'VOLUME NAME' }, quiet: '.Name' };
    const items = [{ Driver: 'local', Name: 'a' }, { Driver: 'local', Name: 'bb' }];
    expect(formatList(items, '', false, spec)).toBe('DRIVER    VOLUME NAME\nlocal     a\nlocal     bb\n');
    expect(formatList(items, 'table', true, spec)).toBe('a\nbb\n');
    expect(formatList(items, 'json', false, spec)).toBe('{"Driver":"local","Name":"a"}\n{"Driver":"local","Name":"bb"}\n');
    expect(formatList(items, '{{.Name}}!', false, spec)).toBe('a!\nbb!\n');
  });
});

describe('go-units', () => {
  it('sizes and durations as the docker CLI prints them', () => {
    expect([0, 999, 1500, 1024, 123456, 25_270_000_000].map(humanSize)).toEqual(['0B', '999B', '1.5kB', '1.024kB', '123.5kB', '25.27GB']);
    expect([432 * 1024, 1024 * 1024 * 1.5].map(bytesSize)).toEqual(['432KiB', '1.5MiB']);
    expect([500, 1000, 6000, 60_000, 119_000, 300_000, 3_600_000, 7_200_000, 49 * 3_600_000].map(humanDuration)).toEqual([
      'Less than a second', '1 second', '6 seconds', 'About a minute', 'About a minute', '5 minutes', 'About an hour', '2 hours', '2 days',
    ]);
  });
});
