/**
 * `user:` and `group_add:` against the image's /etc/passwd and /etc/group,
 * with the rules runc's user lookup applies for Docker: a name must exist, a
 * number need not; with no explicit group the user's primary group and its
 * memberships apply. Docker lists the primary gid first in additionalGids.
 */
import { InvalidContainerConfigError } from '../errors.js';

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const NUMERIC = /^[0-9]+$/;

export function parsePasswd(text: string | undefined): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of (text ?? '').split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 4 || f[0] === '' || line.startsWith('#')) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    out.push({ name: f[0] ?? '', uid, gid, home: f[5] ?? '' });
  }
  return out;
}

export function parseGroup(text: string | undefined): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of (text ?? '').split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 3 || f[0] === '' || line.startsWith('#')) continue;
    const gid = Number(f[2]);
    if (!Number.isInteger(gid)) continue;
    out.push({ name: f[0] ?? '', gid, members: (f[3] ?? '').split(',').filter((m) => m !== '') });
  }
  return out;
}

function lookupGroup(groups: GroupEntry[], spec: string, key: string): number {
  const found = groups.find((g) => g.name === spec || (NUMERIC.test(spec) && g.gid === Number(spec)));
  if (found !== undefined) return found.gid;
  if (NUMERIC.test(spec)) return Number(spec);
  throw new InvalidContainerConfigError(key, `unable to find group ${spec}: no matching entries in group file`);
}

export function resolveUser(spec: string | undefined, passwd: string | undefined, group: string | undefined, groupAdd: readonly string[] = []): ResolvedUser {
  const users = parsePasswd(passwd);
  const groups = parseGroup(group);
  const raw = spec ?? '';
  const colon = raw.indexOf(':');
  const userPart = colon === -1 ? raw : raw.slice(0, colon);
  const groupPart = colon === -1 ? '' : raw.slice(colon + 1);
  const name = userPart === '' ? 'root' : userPart;
  const entry = users.find((u) => u.name === name || (NUMERIC.test(name) && u.uid === Number(name)));
  if (entry === undefined && userPart !== '' && !NUMERIC.test(name)) {
    throw new InvalidContainerConfigError('user', `unable to find user ${name}: no matching entries in passwd file`);
  }
  const uid = entry?.uid ?? (NUMERIC.test(name) ? Number(name) : 0);
  let gid = entry?.gid ?? 0;
  const sgids: number[] = [];
  if (groupPart !== '') gid = lookupGroup(groups, groupPart, 'user');
  else if (entry !== undefined) for (const g of groups) if (g.members.includes(entry.name)) sgids.push(g.gid);
  for (const g of groupAdd) sgids.push(lookupGroup(groups, g, 'group_add'));
  const additionalGids = [gid];
  for (const g of sgids) if (!additionalGids.includes(g)) additionalGids.push(g);
  return { uid, gid, additionalGids, home: entry?.home || '/' };
}
