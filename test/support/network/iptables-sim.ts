/**
 * Enough of iptables-restore --noflush to run the firewall plans against a
 * state in memory: chain declarations (create or flush), -A, -I, -D, -F, -X,
 * with the errors the real tool gives (missing chain, missing rule, a chain
 * still referenced). The output is iptables-save text, so plans and state
 * go round.
 */
export class SimIptables {
  readonly tables = new Map<string, Map<string, string[]>>();
  private readonly builtins: Record<string, string[]> = {
    filter: ['INPUT', 'FORWARD', 'OUTPUT'],
    nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  };

  constructor(initial: Record<string, Record<string, string[]>> = {}) {
    for (const [t, chains] of Object.entries(this.builtins)) this.tables.set(t, new Map(chains.map((c) => [c, [...(initial[t]?.[c] ?? [])]])));
    for (const [t, chains] of Object.entries(initial)) for (const [c, rules] of Object.entries(chains)) this.tables.get(t)?.set(c, [...rules]);
  }

  save(): string {
    let out = '';
    for (const [t, chains] of this.tables) {
      out += `*${t}\n`;
      for (const c of chains.keys()) out += `:${c} ${this.builtins[t]?.includes(c) ? 'ACCEPT' : '-'} [0:0]\n`;
      for (const [c, rules] of chains) for (const r of rules) out += `-A ${c} ${r}\n`;
      out += 'COMMIT\n';
    }
    return out;
  }

  /** Applies a whole restore input atomically: on any error nothing changes. */
  restore(text: string): void {
    const copy = new Map([...this.tables].map(([t, cs]) => [t, new Map([...cs].map(([c, r]) => [c, [...r]]))]));
    let table: Map<string, string[]> | undefined;
    for (const line of text.split('\n').filter((l) => l !== '' && l !== 'COMMIT')) {
      if (line.startsWith('*')) table = copy.get(line.slice(1)) ?? new Map();
      else if (table === undefined) throw new Error(`no table for ${line}`);
      else this.one(table, line);
    }
    for (const [t, cs] of copy) this.tables.set(t, cs);
  }

  private one(t: Map<string, string[]>, line: string): void {
    if (line.startsWith(':')) {
      // Declaring a chain creates it, or flushes it when it exists.
      t.set(line.slice(1).split(' ')[0] as string, []);
      return;
    }
    const m = /^-([AIDFX]) (\S+)(.*)$/.exec(line);
    if (m === null) throw new Error(`cannot parse ${line}`);
    const [, op, name, tail] = m as unknown as [string, string, string, string];
    const c = t.get(name);
    if (c === undefined) throw new Error(`chain ${name} does not exist: ${line}`);
    const rest = tail.trim();
    if (op === 'A' || op === 'I') {
      const at = op === 'I' ? /^(\d+) (.*)$/.exec(rest) : null;
      const rule = at === null ? rest : (at[2] as string);
      const target = / -j (TSC-\S+)$/.exec(` ${rule}`)?.[1];
      if (target !== undefined && !t.has(target)) throw new Error(`jump to missing chain ${target}: ${line}`);
      if (op === 'A') c.push(rule);
      else c.splice(at === null ? 0 : Number(at[1]) - 1, 0, rule);
    } else if (op === 'D') {
      const i = c.indexOf(rest);
      if (i < 0) throw new Error(`no such rule: ${line}`);
      c.splice(i, 1);
    } else if (op === 'F') c.length = 0;
    else {
      for (const rules of t.values()) if (rules.some((r) => r.endsWith(`-j ${name}`))) throw new Error(`chain ${name} is still referenced: ${line}`);
      if (c.length > 0) throw new Error(`chain ${name} is not empty: ${line}`);
      t.delete(name);
    }
  }
}
