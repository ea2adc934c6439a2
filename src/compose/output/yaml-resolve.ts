/**
 * Whether yaml.v3 may write a Go string plain: only when reading it back
 * plain gives a string again (its `resolve`), and it is not a YAML 1.1
 * boolean or base-60 float, which yaml.v3 quotes for older readers.
 */

/** Plain scalars resolving to something else than a string, found by lookup. */
const RESOLVE_MAP: ReadonlySet<string> = new Set([
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

const OLD_BOOLS: ReadonlySet<string> = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF',
]);

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** yaml.v3's stringv: true when the string must be quoted to stay a string. */
export function needsQuotes(s: string): boolean {
  return resolvesToOther(s) || OLD_BOOLS.has(s) || (/^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s));
}

/** resolve("", s) !== "!!str", decided by the first character as yaml.v3's resolve table does. */
function resolvesToOther(s: string): boolean {
  if (s === '') return true;
  const first = s[0] ?? '';
  const hint = /[-+0-9]/.test(first) ? 'number' : /[yYnNtTfFoO~]/.test(first) ? 'map' : first === '.' ? 'dot' : '';
  if (hint === '') return false;
  if (RESOLVE_MAP.has(s)) return true;
  if (hint === 'map') return false;
  // strconv.ParseFloat: an overflow is an error, so such a scalar stays a string.
  if (hint === 'dot') return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s));
  if (isTimestamp(s)) return true;
  const plain = s.replaceAll('_', '');
  return isGoInteger(plain) || (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain)));
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds. */
function isGoInteger(s: string): boolean {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null) return false;
  const digits = m[2] ?? '';
  const magnitude = /^0[0-7]/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const value = m[1] === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return true;
  return m[1] === '' && value <= UINT64_MAX;
}

/**
 * yaml.v3's parseTimestamp: four digits and a dash, then one of its layouts
 * as Go's time.Parse reads them (one- or two-digit fields, ranges checked,
 * a real calendar day).
 */
const TIMESTAMP_LAYOUTS = [
  /^(\d{4})-(\d\d?)-(\d\d?)[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(?:Z|[-+](\d\d):(\d\d))$/,
  /^(\d{4})-(\d\d?)-(\d\d?) +(\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?$/,
  /^(\d{4})-(\d\d?)-(\d\d?)$/,
];

function isTimestamp(s: string): boolean {
  for (const layout of TIMESTAMP_LAYOUTS) {
    const m = layout.exec(s);
    if (m === null) continue;
    const [year, month, day, hour = 0, minute = 0, second = 0, zoneHour = 0, zoneMinute = 0] = m.slice(1).map((x) => Number(x ?? 0));
    if (month === undefined || day === undefined || year === undefined) continue;
    const validDate = month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year);
    const validTime = hour < 24 && minute < 60 && second < 60 && zoneHour <= 24 && zoneMinute <= 60;
    if (validDate && validTime) return true;
  }
  return false;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
