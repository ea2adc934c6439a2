/**
 * `security_opt` entries as Docker reads them (moby daemon/create.go
 * parseSecurityOpt): `key=value` or the older `key:value`, with
 * `no-new-privileges` allowed bare.
 */
import { InvalidContainerConfigError } from '../errors.js';

export type SeccompChoice = { kind: 'default' } | { kind: 'unconfined' } | { kind: 'file'; path: string };

export interface SecurityOptions {
  noNewPrivileges: boolean;
  seccomp: SeccompChoice;
  apparmor?: string;
  labels: string[];
  /** `systempaths=unconfined`: no masked or read-only paths. */
  systemPathsUnconfined: boolean;
}

export function parseSecurityOpt(opts: readonly string[]): SecurityOptions {
  const out: SecurityOptions = { noNewPrivileges: false, seccomp: { kind: 'default' }, labels: [], systemPathsUnconfined: false };
  for (const opt of opts) {
    if (opt === 'no-new-privileges') {
      out.noNewPrivileges = true;
      continue;
    }
    const eq = opt.indexOf('=');
    const colon = opt.indexOf(':');
    const cut = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
    if (cut <= 0) throw invalid(opt);
    const key = opt.slice(0, cut);
    const value = opt.slice(cut + 1);
    apply(out, key, value, opt);
  }
  return out;
}

function apply(out: SecurityOptions, key: string, value: string, opt: string): void {
  switch (key) {
    case 'no-new-privileges':
      if (value !== 'true' && value !== 'false') throw invalid(opt, 'no-new-privileges takes true or false');
      out.noNewPrivileges = value === 'true';
      return;
    case 'seccomp':
      out.seccomp = value === 'unconfined' ? { kind: 'unconfined' } : value === 'builtin' ? { kind: 'default' } : { kind: 'file', path: value };
      return;
    case 'apparmor':
      out.apparmor = value;
      return;
    case 'label':
      out.labels.push(value);
      return;
    case 'systempaths':
      if (value !== 'unconfined') throw invalid(opt, 'systempaths takes only unconfined');
      out.systemPathsUnconfined = true;
      return;
    default:
      throw invalid(opt);
  }
}

function invalid(opt: string, why?: string): InvalidContainerConfigError {
  return new InvalidContainerConfigError('security_opt', `invalid --security-opt: "${opt}"${why === undefined ? '' : ` (${why})`}`);
}
