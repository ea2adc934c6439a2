/**
 * `--chown` (and the owner of WORKDIR's directory) to numeric ids, the way
 * BuildKit resolves them: numbers and `root` directly, names in the stage's
 * own /etc/passwd and /etc/group; a user given alone also sets the group
 * (to its primary group when named, to the same number when numeric); a
 * name the files do not know resolves to 0, as in BuildKit.
 */

export interface Owner {
  uid: number;
  gid: number;
}

interface OwnerSpec {
  user?: number | string;
  group?: number | string;
}

function idOrName(s: string): number | string {
  if (s === 'root') return 0;
  return /^[+-]?[0-9]+$/.test(s) && Math.abs(Number(s)) <= 2147483647 ? Number(s) : s;
}

export function parseOwner(spec: string): OwnerSpec {
  const colon = spec.indexOf(':');
  const user = colon < 0 ? spec : spec.slice(0, colon);
  const out: OwnerSpec = { user: idOrName(user) };
  if (colon >= 0) out.group = idOrName(spec.slice(colon + 1));
  return out;
}

/** Whether resolving needs the stage's /etc/passwd or /etc/group. */
export function ownerNeedsFiles(spec: string): { passwd: boolean; group: boolean } {
  const o = parseOwner(spec);
  return { passwd: typeof o.user === 'string', group: typeof o.group === 'string' };
}

/** Resolves with the text of /etc/passwd and /etc/group (undefined when the file is absent). */
export function resolveOwner(spec: string, passwd: string | undefined, group: string | undefined): Owner {
  const o = parseOwner(spec);
  const owner: Owner = { uid: 0, gid: 0 };
  if (typeof o.user === 'number') owner.uid = owner.gid = o.user;
  else if (o.user !== undefined) {
    const entry = findEntry(passwd, o.user);
    if (entry !== undefined) {
      owner.uid = Number(entry[2]);
      owner.gid = Number(entry[3]);
    }
  }
  if (typeof o.group === 'number') owner.gid = o.group;
  else if (o.group !== undefined) {
    const entry = findEntry(group, o.group);
    if (entry !== undefined) owner.gid = Number(entry[2]);
  }
  return owner;
}

/** The colon-separated fields of the first line naming `name` (passwd and group alike). */
function findEntry(text: string | undefined, name: string): string[] | undefined {
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const fields = t.split(':');
    if (fields[0] === name && fields.length >= 3 && /^[0-9]+$/.test(fields[2] as string)) return fields;
  }
  return undefined;
}
