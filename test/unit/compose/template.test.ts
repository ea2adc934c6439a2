import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/errors.js';
import {
  InvalidTemplateError, MissingRequiredError, extractVariables, substitute, type VariableInfo,
} from '../../../src/compose/template.js';
import { TEMPLATE_CASES, TEMPLATE_ENV } from './template-cases.js';

const lookup = (name: string): string | undefined => TEMPLATE_ENV[name];

function run(text: string): { out?: string; error?: string; warned: string[] } {
  const warned: string[] = [];
  const warn = (m: string): void => {
    const name = /^The "(.*)" variable is not set\. Defaulting to a blank string\.$/.exec(m)?.[1];
    warned.push(name ?? `unexpected warning: ${m}`);
  };
  try {
    return { out: substitute(text, lookup, warn), warned };
  } catch (err) {
    if (!(err instanceof ComposeError)) throw err;
    return { error: err.message, warned };
  }
}

describe('substitute', () => {
  it.each(TEMPLATE_CASES.map((c) => [JSON.stringify(c.in), c] as const))('%s', (_name, c) => {
    const got = run(c.in);
    expect({ out: got.out, error: got.error }).toEqual({ out: c.out, error: c.error });
    expect(got.warned).toEqual(c.warned ?? []);
  });

  it('words the unset warning as compose does', () => {
    const warnings: string[] = [];
    substitute('${NOPE}', () => undefined, (m) => warnings.push(m));
    expect(warnings).toEqual(['The "NOPE" variable is not set. Defaulting to a blank string.']);
  });

  it('raises typed errors with stable codes and the template compose names', () => {
    const invalid = catchError(() => substitute('a ${A:-${}}', lookup));
    expect(invalid).toBeInstanceOf(InvalidTemplateError);
    expect(invalid).toMatchObject({ code: 'E_INTERPOLATION', template: '${}' });
    const missing = catchError(() => substitute('${X:?why}', lookup));
    expect(missing).toBeInstanceOf(MissingRequiredError);
    expect(missing).toMatchObject({ code: 'E_REQUIRED_VARIABLE', variable: 'X', reason: 'why' });
  });

  it('works without a warn callback', () => {
    expect(substitute('$NOPE-x', () => undefined)).toBe('-x');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

const v = (name: string, extra: Partial<VariableInfo> = {}): VariableInfo => ({ name, required: false, ...extra });

// compose-go template/variables_test.go (v2.4.8), plus what `config --variables` shows for lists.
const EXTRACT_CASES: ReadonlyArray<readonly [string, unknown, VariableInfo[]]> = [
  ['empty', {}, []],
  ['no variables', { foo: 'bar' }, []],
  ['without braces', { foo: '$bar' }, [v('bar')]],
  ['without braces, digits', { foo: '$bar_1' }, [v('bar_1')]],
  ['braced', { foo: '${bar}' }, [v('bar')]],
  ['required ?:', { foo: '${bar?:foo}' }, [v('bar', { required: true })]],
  ['required ?: digits', { foo: '${bar_1?:foo}' }, [v('bar_1', { required: true })]],
  ['required ?', { foo: '${bar?foo}' }, [v('bar', { required: true })]],
  ['default :-', { foo: '${bar:-foo}' }, [v('bar', { defaultValue: 'foo' })]],
  ['default -', { foo: '${bar-foo}' }, [v('bar', { defaultValue: 'foo' })]],
  ['default digits', { foo: '${bar_1:-foo}' }, [v('bar_1', { defaultValue: 'foo' })]],
  ['alternate :+', { foo: '${bar:+foo}' }, [v('bar', { alternateValue: 'foo' })]],
  ['alternate +', { foo: '${bar+foo}' }, [v('bar', { alternateValue: 'foo' })]],
  ['concat', { domainname: '${SUBDOMAIN:-redis}.${ROOTDOMAIN:?}' }, [
    v('ROOTDOMAIN', { required: true }), v('SUBDOMAIN', { defaultValue: 'redis' }),
  ]],
  ['nested default', { domainname: '${SUBDOMAIN:-$ROOTDOMAIN}' }, [
    v('SUBDOMAIN', { defaultValue: '$ROOTDOMAIN' }), v('ROOTDOMAIN'),
  ]],
  ['nested braced default', { a: '${A-${B:-bdef}}' }, [v('A', { defaultValue: '${B:-bdef}' }), v('B', { defaultValue: 'bdef' })]],
  ['default holding an operator', { e: '${E-x:-y}' }, [v('E', { defaultValue: 'x:-y' })]],
  ['escaped is skipped', { d: '$${ESC} $$X' }, []],
  ['multiple values', {
    foo: '${bar:-foo}',
    bar: { foo: '${fruit:-banana}', bar: 'vegetable' },
    baz: ['foo', '$docker:${project:-cli}', '$toto'],
  }, [
    v('bar', { defaultValue: 'foo' }), v('fruit', { defaultValue: 'banana' }), v('docker'),
    v('project', { defaultValue: 'cli' }), v('toto'),
  ]],
  ['mappings inside lists are not looked into', { ports: [{ target: '${PORT}' }], x: '$X' }, [v('X')]],
  ['later occurrence wins', { a: '${REQ:?need}', b: '${REQ}' }, [v('REQ')]],
  ['non-string scalars', { a: 1, b: true, c: null }, []],
  ['an invalid `${` counts as a variable without name', { l: '${ and ${A:-${B}}' }, [
    v(''), v('A', { defaultValue: '${B}' }), v('B'),
  ]],
];

describe('extractVariables', () => {
  it.each(EXTRACT_CASES)('%s', (_name, tree, expected) => {
    const got = extractVariables(tree);
    expect([...got.values()].sort(byName)).toEqual([...expected].sort(byName));
    for (const [key, info] of got) expect(key).toBe(info.name);
  });
});

function byName(a: VariableInfo, b: VariableInfo): number {
  return a.name.localeCompare(b.name);
}
