/**
 * `import --change`: the Dockerfile instructions `docker import` accepts,
 * applied to an image config. Pure.
 */
import { BadChangeError } from '../errors.js';
import type { ContainerConfig } from '../oci-types.js';

function jsonArray(rest: string): string[] | undefined {
  if (!rest.trimStart().startsWith('[')) return undefined;
  try {
    const v = JSON.parse(rest) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    // shell form after all
  }
  return undefined;
}

/** `KEY=VALUE ...` or the legacy `KEY VALUE`, quotes removed as the Dockerfile parser does. */
function pairs(change: string, rest: string): Array<[string, string]> {
  if (!/^[^\s=]+=/.test(rest)) {
    const m = /^(\S+)\s+(.*)$/.exec(rest);
    if (m === null) throw new BadChangeError(change, 'needs a name and a value');
    return [[m[1] as string, m[2] as string]];
  }
  const out: Array<[string, string]> = [];
  for (const m of rest.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = m[2] ?? '';
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw.startsWith("'") ? raw.slice(1, -1) : raw;
    out.push([m[1] as string, value]);
  }
  return out;
}

const shellForm = (rest: string): string[] => ['/bin/sh', '-c', rest];

export function applyChanges(base: ContainerConfig, changes: readonly string[]): ContainerConfig {
  const c: ContainerConfig = { ...base };
  for (const change of changes) {
    const m = /^\s*(\w+)\s+([\s\S]*?)\s*$/.exec(change);
    if (m === null) throw new BadChangeError(change, 'an instruction needs arguments');
    const rest = m[2] as string;
    switch ((m[1] as string).toUpperCase()) {
      case 'CMD':
        c.Cmd = jsonArray(rest) ?? shellForm(rest);
        break;
      case 'ENTRYPOINT':
        c.Entrypoint = jsonArray(rest) ?? shellForm(rest);
        break;
      case 'ENV': {
        const env = [...(c.Env ?? [])];
        for (const [k, v] of pairs(change, rest)) {
          const i = env.findIndex((e) => e.startsWith(`${k}=`));
          if (i === -1) env.push(`${k}=${v}`);
          else env[i] = `${k}=${v}`;
        }
        c.Env = env;
        break;
      }
      case 'LABEL':
        c.Labels = { ...c.Labels, ...Object.fromEntries(pairs(change, rest)) };
        break;
      case 'EXPOSE':
        c.ExposedPorts = { ...c.ExposedPorts, ...Object.fromEntries(rest.split(/\s+/).map((p) => [p.includes('/') ? p : `${p}/tcp`, {}])) };
        break;
      case 'VOLUME':
        c.Volumes = { ...c.Volumes, ...Object.fromEntries((jsonArray(rest) ?? rest.split(/\s+/)).map((v) => [v, {}])) };
        break;
      case 'WORKDIR':
        c.WorkingDir = rest;
        break;
      case 'USER':
        c.User = rest;
        break;
      case 'STOPSIGNAL':
        c.StopSignal = rest;
        break;
      case 'ONBUILD':
        c.OnBuild = [...(c.OnBuild ?? []), rest];
        break;
      default:
        throw new BadChangeError(change, `${m[1]} is not an instruction import accepts`);
    }
  }
  return c;
}
