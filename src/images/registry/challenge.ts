/** WWW-Authenticate challenges (RFC 7235), as registries send them. Pure. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  skip(chars: RegExp): void {
    while (this.i < this.s.length && chars.test(this.s[this.i] ?? '')) this.i++;
  }
  token(): string {
    const start = this.i;
    while (this.i < this.s.length && /[^\s,=]/.test(this.s[this.i] ?? '')) this.i++;
    return this.s.slice(start, this.i);
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  quoted(): string {
    let out = '';
    for (this.i++; this.i < this.s.length && this.peek() !== '"'; this.i++) {
      if (this.peek() === '\\') this.i++;
      out += this.peek();
    }
    this.i++;
    return out;
  }
}

export function parseChallenges(header: string | null): Challenge[] {
  if (header === null) return [];
  const sc = new Scanner(header);
  const out: Challenge[] = [];
  let current: Challenge | undefined;
  while (sc.i < header.length) {
    sc.skip(/[\s,]/);
    const word = sc.token();
    if (word === '') break;
    sc.skip(/\s/);
    if (sc.peek() !== '=' || current === undefined) {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
      continue;
    }
    sc.i++;
    sc.skip(/\s/);
    current.params[word.toLowerCase()] = sc.peek() === '"' ? sc.quoted() : sc.token();
  }
  return out;
}
