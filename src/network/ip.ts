/**
 * IPv4 and IPv6 addresses and prefixes as numbers (bigint for both families,
 * so one set of prefix arithmetic serves IPAM, firewall rendering and DNS).
 * Pure; parsing returns undefined on bad input and callers word the error.
 */
export type Family = 4 | 6;

export interface Addr {
  family: Family;
  value: bigint;
}

export interface Prefix {
  family: Family;
  /** The network address (host bits cleared). */
  value: bigint;
  bits: number;
}

const WIDTH: Record<Family, number> = { 4: 32, 6: 128 };

export function width(f: Family): number {
  return WIDTH[f];
}

export function parseAddr(text: string): Addr | undefined {
  return text.includes(':') ? parseV6(text) : parseV4(text);
}

function parseV4(text: string): Addr | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return { family: 4, value: v };
}

function parseV6(text: string): Addr | undefined {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:10.0.0.1) is two 16-bit groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = groups16(halves[0] ?? '');
  const rest = halves.length === 2 ? groups16(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = [...head, ...Array<bigint>(8 - given).fill(0n), ...rest];
  return { family: 6, value: all.reduce((acc, g) => (acc << 16n) | g, 0n) };
}

function groups16(h: string): bigint[] | undefined {
  if (h === '') return [];
  const out: bigint[] = [];
  for (const g of h.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out.push(BigInt(`0x${g}`));
  }
  return out;
}

export function formatAddr(a: Addr): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((a.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups becomes "::" (the first on a tie).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddr(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (addr === undefined || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > width(addr.family)) return undefined;
  return { family: addr.family, value: addr.value & mask(addr.family, bits), bits };
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddr(p)}/${p.bits}`;
}

export function mask(f: Family, bits: number): bigint {
  const w = BigInt(width(f));
  return ((1n << BigInt(bits)) - 1n) << (w - BigInt(bits));
}

export function size(p: Prefix): bigint {
  return 1n << BigInt(width(p.family) - p.bits);
}

export function last(p: Prefix): bigint {
  return p.value + size(p) - 1n;
}

export function contains(p: Prefix, a: Addr): boolean {
  return p.family === a.family && (a.value & mask(p.family, p.bits)) === p.value;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  return a.value <= last(b) && b.value <= last(a);
}

export function addr(family: Family, value: bigint): Addr {
  return { family, value };
}

export function sameAddr(a: Addr, b: Addr): boolean {
  return a.family === b.family && a.value === b.value;
}

/** The address text in canonical form, or undefined when it does not parse. */
export function canonicalAddr(text: string): string | undefined {
  const a = parseAddr(text);
  return a === undefined ? undefined : formatAddr(a);
}
