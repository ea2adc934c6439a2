/**
 * Go's path rules, which compose's printed paths follow: `path.Clean`,
 * `filepath.Join` on Linux (joins, then cleans), and the Windows absolute
 * path test compose-go applies on every platform so that a Windows client
 * can talk to a Linux engine. Node's `path.posix` differs (it keeps trailing
 * slashes), hence our own.
 */

/** Go's path.Clean: one slash between elements, no `.`, `..` folded, no trailing slash. */
export function goClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') {
      out.push(part);
    } else if (out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (!rooted) {
      out.push('..');
    }
  }
  const body = out.join('/');
  if (rooted) return `/${body}`;
  return body === '' ? '.' : body;
}

/** Go's filepath.Join on Linux: empty elements are skipped, the result is cleaned; all empty gives "". */
export function goJoin(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  return parts.length === 0 ? '' : goClean(parts.join('/'));
}

export function isUnixAbs(p: string): boolean {
  return p.startsWith('/');
}

/** `C:\x`, `C:/x` or a UNC path `\\server\share\x`: absolute on Windows. */
export function isWindowsAbs(p: string): boolean {
  const l = windowsVolumeNameLength(p);
  if (l === 0) return false;
  const rest = p.slice(l);
  return rest !== '' && isSlash(rest[0]);
}

function isSlash(c: string | undefined): boolean {
  return c === '\\' || c === '/';
}

function windowsVolumeNameLength(p: string): number {
  if (p.length < 2) return 0;
  if (p[1] === ':' && /^[a-zA-Z]$/.test(p[0] ?? '')) return 2;
  // UNC: two slashes, a server name, a slash, a share name.
  if (p.length < 5 || !isSlash(p[0]) || !isSlash(p[1]) || isSlash(p[2]) || p[2] === '.') return 0;
  for (let n = 3; n < p.length - 1; n++) {
    if (!isSlash(p[n])) continue;
    n++;
    if (isSlash(p[n]) || p[n] === '.') return 0;
    while (n < p.length && !isSlash(p[n])) n++;
    return n;
  }
  return 0;
}

/**
 * `~` at the start means the home directory (compose-go paths.ExpandUser):
 * `~/x` and also `~user/x` become `<home>/...`. Without a home the path stays.
 */
export function expandUser(p: string, homeDir: string): string {
  if (!p.startsWith('~') || homeDir === '') return p;
  return goJoin(homeDir, p.slice(1));
}
