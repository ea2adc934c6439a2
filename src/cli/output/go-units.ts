/**
 * docker/go-units as the docker CLI prints sizes and ages: HumanSize
 * ("0B", "1.024kB", "23.54GB", decimal units, 4 significant digits),
 * BytesSize ("432KiB", binary units) and HumanDuration ("Less than a
 * second", "6 seconds", "About a minute", "2 hours").
 */
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Go's %.<p>g for the values sizes take (no exponent below 10^p). */
function goG(x: number, precision: number): string {
  if (x === 0) return '0';
  const s = x.toPrecision(precision);
  if (s.includes('e')) return s;
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function scaled(size: number, base: number, units: readonly string[]): [number, string] {
  let i = 0;
  let n = size;
  while (n >= base && i < units.length - 1) {
    n /= base;
    i++;
  }
  return [n, units[i] as string];
}

export function humanSize(bytes: number): string {
  const [n, unit] = scaled(bytes, 1000, DECIMAL);
  return `${goG(n, 4)}${unit}`;
}

export function bytesSize(bytes: number): string {
  const [n, unit] = scaled(bytes, 1024, BINARY);
  return `${goG(n, 4)}${unit}`;
}

export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}
