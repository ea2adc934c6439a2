/**
 * `--since` and `--until` as the docker CLI reads them (timetypes
 * GetTimestamp): a Go duration before now (`42m`, `1h30m`), a Unix time in
 * seconds (`1700000000`, `1700000000.5`), or an RFC 3339 date or date-time
 * (without a zone it is local time, as in docker).
 */
import { parseDuration } from '../compose/units.js';
import { TscomposeError } from '../errors.js';

export class LogTimeError extends TscomposeError {
  constructor(flag: string, value: string) {
    super('E_USAGE', `invalid value for "${flag}": failed to parse value as time or duration: "${value}"`);
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The time `value` names, or undefined for an empty flag. */
export function logTime(flag: string, value: string, now: Date): Date | undefined {
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
  if (DATE_ONLY.test(value)) return new Date(`${value}T00:00:00`);
  if (LOCAL.test(value) || ZONED.test(value)) {
    const t = new Date(value);
    if (!Number.isNaN(t.getTime())) return t;
  }
  try {
    return new Date(now.getTime() - parseDuration(value) / 1e6);
  } catch {
    throw new LogTimeError(flag, value);
  }
}

/** docker's `--tail`: `all` (or anything negative) is every line. */
export function tailCount(value: string): number | undefined {
  if (value === 'all' || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new TscomposeError('E_USAGE', `invalid value for "tail": strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  return n < 0 ? undefined : n;
}
