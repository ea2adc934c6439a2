/** Go's unicode predicates, which the lexers and parsers of Docker use. */

/** unicode.IsSpace: Latin-1 spaces plus the White_Space property (not U+FEFF, unlike \s). */
export function isGoSpace(ch: string): boolean {
  switch (ch) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00a0':
      return true;
  }
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x100) return false;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

export function isGoLetter(ch: string): boolean {
  return LETTER.test(ch);
}

export function isGoDigit(ch: string): boolean {
  return DIGIT.test(ch);
}

/** strings.TrimSpace with unicode.IsSpace. */
export function goTrimSpace(s: string): string {
  return goTrimRightSpace(goTrimLeftSpace(s));
}

export function goTrimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s[i] as string)) i++;
  return s.slice(i);
}

export function goTrimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isGoSpace(s[i - 1] as string)) i--;
  return s.slice(0, i);
}
