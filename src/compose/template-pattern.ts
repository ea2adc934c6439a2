/**
 * The regular expression compose-go's template package scans with, shared by
 * substitution and variable extraction. JavaScript's `.` also stops at `\r`
 * and U+2028/9 where Go's stops only at `\n`, hence `[^\n]`.
 */

/** Escaped `$$`, `$name`, `${braced...}` (up to the line's last `}`), or an invalid `${`. Names are case-insensitive. */
const SOURCE = String.raw`\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}|()))`;
/** Global: only for String.replace and matchAll, which reset its lastIndex. */
export const TEMPLATE_PATTERN = new RegExp(SOURCE, 'gi');
export const SINGLE_PATTERN = new RegExp(SOURCE, 'i');

/** Index of the `}` closing the first `{`; the character after each `{` is skipped, as compose does. */
export function firstClosingBrace(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}
