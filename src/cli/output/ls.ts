/**
 * `ls` as docker compose prints it: NAME STATUS CONFIG FILES through its
 * PrintPrettySection (tabwriter minwidth 20), `--format json` as one array,
 * `-q` the names; the status combines the containers' states, sorted:
 * `exited(1), running(2)`.
 */
import { toGoJson } from '../../compose/output/json.js';
import { TscomposeError } from '../../errors.js';
import { tabwrite } from './tabwriter.js';

export interface Stack {
  name: string;
  /** One state per container. */
  states: string[];
  configFiles: string[];
}

export function combinedStatus(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.keys()].sort().map((s) => `${s}(${counts.get(s)})`).join(', ');
}

export interface LsOptions {
  format: string;
  quiet: boolean;
  /** `-a`: stopped projects too. */
  all: boolean;
  filters: string[];
}

export function formatLs(stacks: readonly Stack[], opts: LsOptions): string {
  const names = opts.filters.map((f) => {
    const at = f.indexOf('=');
    const key = at < 0 ? f : f.slice(0, at);
    if (key !== 'name') throw new TscomposeError('E_USAGE', `invalid filter '${key}'`);
    return f.slice(at + 1);
  });
  const shown = stacks
    .filter((s) => opts.all || s.states.includes('running'))
    .filter((s) => names.length === 0 || names.some((n) => s.name.includes(n)))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (opts.quiet) return shown.map((s) => `${s.name}\n`).join('');
  const view = shown.map((s) => ({ Name: s.name, Status: combinedStatus(opts.all ? s.states : s.states.filter((x) => x === 'running')), ConfigFiles: s.configFiles.join(',') }));
  const format = opts.format.toLowerCase();
  if (format === 'json') return `${toGoJson(view.map((v) => new Map(Object.entries(v))), false)}\n`;
  if (format !== 'table' && format !== 'pretty' && format !== '') throw new TscomposeError('E_USAGE', `format value "${opts.format}" could not be parsed: parsing failed`);
  const rows = view.map((v) => `${v.Name}\t${v.Status}\t${v.ConfigFiles}\n`);
  return tabwrite(['NAME\tSTATUS\tCONFIG FILES\n', ...rows].join(''));
}
