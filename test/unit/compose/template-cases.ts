/**
 * Substitution cases: compose-go's template tests plus cases checked against
 * `docker compose` 2.26.1 (a label value in a compose file, same environment).
 * `error` is the message compose prints; `warned` lists the variables
 * reported unset, once per occurrence, in order.
 */
export const TEMPLATE_ENV: Readonly<Record<string, string>> = {
  FOO: 'first',
  BAR: '',
  JSON: '{"json":2}',
  SET: 's',
};

export interface TemplateCase {
  in: string;
  out?: string;
  error?: string;
  warned?: string[];
}

export const TEMPLATE_CASES: readonly TemplateCase[] = [
  // plain text and escapes
  { in: 'foo', out: 'foo' },
  { in: '', out: '' },
  { in: '$${foo}', out: '${foo}' },
  { in: '$$FOO', out: '$FOO' },
  { in: '$$$FOO', out: '$first' },
  { in: '$${SET} $$$SET', out: '${SET} $s' },
  { in: 'a $ string', out: 'a $ string' },
  { in: '^REGEX$', out: '^REGEX$' },
  { in: '$}', out: '$}' },
  { in: '$', out: '$' },
  { in: '$1 $-', out: '$1 $-' },
  { in: '100%$', out: '100%$' },
  // plain references
  { in: 'This $FOO var', out: 'This first var' },
  { in: 'This ${FOO} var', out: 'This first var' },
  { in: '$FOO-bar', out: 'first-bar' },
  { in: '$FOO$FOO', out: 'firstfirst' },
  { in: '${foo}', out: '', warned: ['foo'] },
  { in: 'This ${missing} var', out: 'This  var', warned: ['missing'] },
  { in: 'This ${BAR} var', out: 'This  var' },
  { in: '$A$B', out: '', warned: ['A', 'B'] },
  { in: '$_a ${_x}', out: ' ', warned: ['_a', '_x'] },
  { in: '${SET}}', out: 's}' },
  { in: '${SET}${SET:+y}${SET-}z', out: 'sysz' },
  { in: '$FOO.bar', out: 'first.bar' },
  // defaults
  { in: 'ok ${missing:-def}', out: 'ok def' },
  { in: 'ok ${missing-def}', out: 'ok def' },
  { in: 'ok ${BAR:-def}', out: 'ok def' },
  { in: 'ok ${BAR-def}', out: 'ok ' },
  { in: 'ok ${FOO:-def}', out: 'ok first' },
  { in: 'ok ${BAR:-/non:-alphanumeric}', out: 'ok /non:-alphanumeric' },
  { in: '${SET:-}', out: 's' },
  { in: '${UNSET:-}', out: '' },
  { in: '${UNSET-a-b}', out: 'a-b' },
  { in: '${A:-x}}', out: 'x}' },
  { in: '${A:-a}b}', out: 'ab}' },
  { in: '${A:-{x}', out: '{x' },
  { in: 'ok ${missing:-{"json":1}}', out: 'ok {"json":1}' },
  { in: 'ok ${missing-{"json":1}}', out: 'ok {"json":1}' },
  { in: 'ok ${JSON:-{"json":1}}', out: 'ok {"json":2}' },
  { in: '${SET:-x} and ${UNSET:-y}', out: 's and y' },
  { in: "${UNSET:-'$SET'}", out: "'s'" },
  { in: '${UNSET-myerror?msg}', out: 'myerror?msg' },
  { in: '${BAR:-default_value_for_empty_var}', out: 'default_value_for_empty_var' },
  { in: '${Foo:-x}', out: 'x' },
  { in: '${UNSET:-a\rb\u2028c}', out: 'a\rb\u2028c' },
  // nested expansion
  { in: 'ok ${UNSET_VAR-$FOO}', out: 'ok first' },
  { in: 'ok ${UNSET_VAR-${FOO}}', out: 'ok first' },
  { in: 'ok ${UNSET_VAR-${FOO} ${FOO}}', out: 'ok first first' },
  { in: 'ok ${BAR:-$FOO}', out: 'ok first' },
  { in: 'ok ${BAR:-${FOO} ${FOO}}', out: 'ok first first' },
  { in: 'ok ${BAR+$FOO}', out: 'ok first' },
  { in: 'ok ${BAR+$FOO ${FOO:+second}}', out: 'ok first second' },
  { in: '+ok ${UNSET:-${BAR-defaultValue}}', out: '+ok ' },
  { in: '${A-${B:-bdef}}', out: 'bdef' },
  // defaults are expanded even when not used
  { in: '${SET:-$UNSET}', out: 's', warned: ['UNSET'] },
  { in: '${SET:?${UNSET1}}', out: 's', warned: ['UNSET1'] },
  { in: '${SET+${U2}}', out: '', warned: ['U2'] },
  { in: '${SET:-${X:?oops}}', error: 'required variable X is missing a value: oops' },
  // outer text containing operators does not change the operator
  { in: '-ok ${BAR:-defaultValue}', out: '-ok defaultValue' },
  { in: ':-ok ${UNSET-defaultValue}', out: ':-ok defaultValue' },
  { in: ':-ok ${BAR-defaultValue}', out: ':-ok ' },
  { in: ':?ok ${BAR-defaultValue}', out: ':?ok ' },
  { in: ':+ok ${BAR:-defaultValue}', out: ':+ok defaultValue' },
  { in: '?ok ${BAR:-defaultValue}', out: '?ok defaultValue' },
  // alternate values
  { in: 'ok ${UNSET_VAR:+presence_value}', out: 'ok ' },
  { in: 'ok ${UNSET_VAR+presence_value}', out: 'ok ' },
  { in: 'ok ${FOO:+presence_value}', out: 'ok presence_value' },
  { in: 'ok ${FOO+presence_value}', out: 'ok presence_value' },
  { in: 'ok ${BAR+presence_value}', out: 'ok presence_value' },
  { in: 'ok ${BAR:+presence_value}', out: 'ok ' },
  { in: '${SET:+a}-${SET:+b}', out: 'a-b' },
  { in: '${SET?}x ${UNSET+p}q', out: 'sx q' },
  // required
  { in: 'ok ${FOO:?err}', out: 'ok first' },
  { in: 'ok ${FOO?err}', out: 'ok first' },
  { in: 'ok ${BAR?err}', out: 'ok ' },
  { in: '${FOO?bar-baz}', out: 'first' },
  { in: 'not ok ${UNSET_VAR:?Mandatory Variable Unset}', error: 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset' },
  { in: 'not ok ${BAR:?Mandatory Variable Empty}', error: 'required variable BAR is missing a value: Mandatory Variable Empty' },
  { in: 'not ok ${UNSET_VAR:?}', error: 'required variable UNSET_VAR is missing a value' },
  { in: 'not ok ${UNSET_VAR?Mandatory Variable Unset}', error: 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset' },
  { in: 'not ok ${UNSET_VAR?}', error: 'required variable UNSET_VAR is missing a value' },
  { in: '${UNSET_VAR?bar-baz}', error: 'required variable UNSET_VAR is missing a value: bar-baz' },
  { in: 'not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}', error: 'required variable UNSET_VAR is missing a value: Mandatory Variable first' },
  { in: 'not ok ${UNSET_VAR?Mandatory Variable ${FOO}}', error: 'required variable UNSET_VAR is missing a value: Mandatory Variable first' },
  { in: 'x ${A:-x} ${B:?bad ${C:-c}}', error: 'required variable B is missing a value: bad c' },
  { in: '${A:-${B:?oops}}', error: 'required variable B is missing a value: oops' },
  // a braced reference runs to the line's last `}`: what follows on the line is dropped with the error
  { in: '${R:?first} $LATER ${Q:?second}', error: 'required variable R is missing a value: first' },
  // but the rest of the text is still scanned before the first error is raised
  { in: '${R:?first}\n$LATER ${Q:?second}', error: 'required variable R is missing a value: first', warned: ['LATER'] },
  // invalid templates
  { in: '${', error: 'Invalid template: "${"' },
  { in: '${}', error: 'Invalid template: "${}"' },
  { in: '${ }', error: 'Invalid template: "${ }"' },
  { in: '${ foo}', error: 'Invalid template: "${ foo}"' },
  { in: '${foo }', error: 'Invalid template: "${foo }"' },
  { in: '${foo!}', error: 'Invalid template: "${foo!}"' },
  { in: '${a.b}', error: 'Invalid template: "${a.b}"' },
  { in: '${A:x}', error: 'Invalid template: "${A:x}"' },
  { in: '${1A}', error: 'Invalid template: "${1A}"' },
  { in: 'x ${A:-"q"}${', error: 'Invalid template: "x ${A:-\\"q\\"}${"' },
  { in: '${A:-foo\nbar}', error: 'Invalid template: "${A:-foo\\nbar}"' },
  { in: '${A:-${}}', error: 'Invalid template: "${}"' },
  { in: '$FOO ${', error: 'Invalid template: "$FOO ${"' },
];
