/**
 * The OCI image configuration a build produces (Docker's field names, as in
 * `docker inspect` and the image JSON), and the small operations the
 * instructions apply to it.
 */
import type { Platform } from './platform.js';

export interface HealthcheckConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface ImageConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: HealthcheckConfig;
  OnBuild?: string[] | null;
  Shell?: string[];
}

export interface HistoryEntry {
  created_by: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageSpec {
  architecture: string;
  os: string;
  variant?: string;
  author?: string;
  config: ImageConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history: HistoryEntry[];
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What FROM scratch starts from (BuildKit's emptyImage). */
export function emptyImage(platform: Platform): ImageSpec {
  return {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant === undefined ? {} : { variant: platform.variant }),
    config: { Env: [`PATH=${DEFAULT_PATH}`], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [] },
    history: [],
  };
}

export function cloneImage(img: ImageSpec): ImageSpec {
  return structuredClone(img);
}

/** Sets `key` in an Env list: replaced in place, appended when new. */
export function addEnv(env: readonly string[] | undefined, key: string, value: string): string[] {
  const out = [...(env ?? [])];
  const at = out.findIndex((e) => envKey(e) === key);
  if (at >= 0) out[at] = `${key}=${value}`;
  else out.push(`${key}=${value}`);
  return out;
}

export function envKey(kv: string): string {
  const at = kv.indexOf('=');
  return at < 0 ? kv : kv.slice(0, at);
}

export function defaultShell(os: string): string[] {
  return os === 'windows' ? ['cmd', '/S', '/C'] : ['/bin/sh', '-c'];
}

/** Shell form: the image's SHELL (or the default) followed by the joined words. */
export function withShell(img: ImageSpec, args: readonly string[]): string[] {
  const shell = img.config.Shell !== undefined && img.config.Shell.length > 0 ? [...img.config.Shell] : defaultShell(img.os);
  return [...shell, args.join(' ')];
}

/** Keys in sorted order so JSON renders the same for equal configs. */
export function sortedRecord<T>(r: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
