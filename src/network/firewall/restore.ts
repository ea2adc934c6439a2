/**
 * From rulesets and the current `iptables-save` output to the one
 * `iptables-restore --noflush` input that makes the change (pure). Owned
 * chains are declared, which flushes them, and rewritten; rules in shared
 * chains are added only when missing and removed once per copy present; the
 * shared chains themselves appear with the first network and go with the last.
 */
import { SHARED, type Rule, type Ruleset, type SharedChain, type Table } from './rules.js';

export interface TableState {
  chains: Set<string>;
  /** `-A CHAIN spec` lines, in order. */
  rules: string[];
}

export type SaveState = Map<Table, TableState>;

const TABLES: Table[] = ['nat', 'filter'];

export function parseSave(text: string): SaveState {
  const out: SaveState = new Map();
  let cur: TableState | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      cur = { chains: new Set(), rules: [] };
      out.set(line.slice(1).trim() as Table, cur);
    } else if (cur !== undefined && line.startsWith(':')) cur.chains.add(line.slice(1).split(' ')[0] as string);
    else if (cur !== undefined && line.startsWith('-A ')) cur.rules.push(line.trim());
  }
  return out;
}

const line = (r: Rule): string => `-A ${r.chain} ${r.spec}`;
const tableOf = (s: SaveState, t: Table): TableState => s.get(t) ?? { chains: new Set(), rules: [] };

/** Groups lines by table and wraps each group in `*table ... COMMIT`; empty groups are left out. */
function render(sections: Map<Table, string[]>): string {
  let out = '';
  for (const t of TABLES) {
    const lines = sections.get(t) ?? [];
    if (lines.length > 0) out += `*${t}\n${lines.join('\n')}\nCOMMIT\n`;
  }
  return out;
}

function push(sections: Map<Table, string[]>, t: Table, l: string): void {
  const list = sections.get(t) ?? [];
  list.push(l);
  sections.set(t, list);
}

function sharedFor(sets: Ruleset[]): SharedChain[] {
  const rules = sets.flatMap((s) => s.anchors);
  const names = new Set(sets.flatMap((s) => s.requires ?? []));
  return SHARED.filter((c) => names.has(c.name) || rules.some((r) => r.table === c.table && r.chain === c.name));
}

/** Text for iptables-restore --noflush that creates or rewrites `sets`; empty when nothing is to do. */
export function planApply(sets: Ruleset[], state: SaveState): string {
  const decl = new Map<Table, string[]>();
  const body = new Map<Table, string[]>();
  const anchors = sets.flatMap((s) => s.anchors);
  // TSC-FORWARD's first rule jumps to TSC-ISOLATION-1: whenever the one is needed so is the other.
  const needed = new Set(sharedFor(sets));
  if ([...needed].some((c) => c.name === SHARED[0]?.name)) for (const c of SHARED.slice(1, 3)) needed.add(c);
  for (const c of SHARED.filter((x) => needed.has(x))) {
    const st = tableOf(state, c.table);
    if (!st.chains.has(c.name)) {
      push(decl, c.table, `:${c.name} - [0:0]`);
      for (const h of c.head) push(body, c.table, `-A ${c.name} ${h}`);
    }
    for (const j of c.jumps) if (!st.rules.includes(`-A ${j.from} ${j.spec}`)) push(body, c.table, `-I ${j.from} 1 ${j.spec}`);
  }
  for (const s of sets) {
    for (const ch of s.chains) push(decl, ch.table, `:${ch.name} - [0:0]`);
    for (const r of s.rules) push(body, r.table, line(r));
  }
  const seen = new Set<string>();
  for (const a of anchors) {
    const l = line(a);
    if (seen.has(`${a.table} ${l}`) || tableOf(state, a.table).rules.includes(l)) continue;
    seen.add(`${a.table} ${l}`);
    push(body, a.table, l);
  }
  const merged = new Map<Table, string[]>();
  for (const t of TABLES) merged.set(t, [...(decl.get(t) ?? []), ...(body.get(t) ?? [])]);
  return render(merged);
}

/** Text that removes `sets` (and the shared chains, once nothing is left in them); empty when nothing is there. */
export function planRemove(sets: Ruleset[], state: SaveState): string {
  const out = new Map<Table, string[]>();
  const remaining = new Map<Table, string[]>();
  for (const t of TABLES) remaining.set(t, [...tableOf(state, t).rules]);
  for (const a of sets.flatMap((s) => s.anchors)) {
    const rules = remaining.get(a.table) as string[];
    for (let i = rules.indexOf(line(a)); i >= 0; i = rules.indexOf(line(a))) {
      rules.splice(i, 1);
      push(out, a.table, `-D ${a.chain} ${a.spec}`);
    }
  }
  const drop = new Map<Table, string[]>();
  for (const s of sets) {
    for (const ch of s.chains) {
      if (!tableOf(state, ch.table).chains.has(ch.name)) continue;
      push(drop, ch.table, ch.name);
      remaining.set(ch.table, (remaining.get(ch.table) as string[]).filter((l) => !l.startsWith(`-A ${ch.name} `)));
    }
  }
  for (const t of TABLES) {
    const group = SHARED.filter((c) => c.table === t && tableOf(state, t).chains.has(c.name));
    const rules = remaining.get(t) as string[];
    const busy = group.some((c) => rules.some((l) => l.startsWith(`-A ${c.name} `) && !c.head.some((h) => l === `-A ${c.name} ${h}`)));
    if (group.length === 0 || busy) continue;
    for (const c of group) {
      for (const j of c.jumps) {
        const copies = rules.filter((x) => x === `-A ${j.from} ${j.spec}`).length;
        for (let i = 0; i < copies; i++) push(out, t, `-D ${j.from} ${j.spec}`);
      }
      push(drop, t, c.name);
    }
  }
  for (const t of TABLES) {
    const names = [...new Set(drop.get(t) ?? [])];
    for (const n of names) push(out, t, `-F ${n}`);
    for (const n of names) push(out, t, `-X ${n}`);
  }
  return render(out);
}
