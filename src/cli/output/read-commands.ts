/**
 * The small read commands' output, as docker compose 2.26.1 prints it:
 * `port` (`127.0.0.1:18081`), `top` (a process table per container through
 * a tabwriter of minwidth 5, each row tab-terminated, a blank line after),
 * `events` (docker compose's Event.String, or `--json` objects) and
 * `stats` (the docker CLI's stats table and json).
 */
import type { GoNode } from '../../compose/output/decode.js';
import { toGoJson } from '../../compose/output/json.js';
import { TscomposeError } from '../../errors.js';
import type { ContainerUsage } from '../../app/stats.js';
import { bytesSize, humanSize } from './go-units.js';
import { formatList } from './formatted-list.js';
import { tabwrite } from './tabwriter.js';
import type { Publisher } from './ports.js';

/** docker compose's Port: the first binding of the private port, or its portNotFoundError. */
export function formatPort(container: string, publishers: readonly Publisher[], port: number, protocol: string): string {
  const p = publishers.find((x) => x.targetPort === port && x.protocol === protocol);
  if (p === undefined) {
    const known = publishers.map((x) => `${x.publishedPort}/${x.protocol}`).join(', ');
    throw new TscomposeError('E_NO_PORT', `no port ${port}/${protocol} for container ${container}: ${known}`);
  }
  return `${p.url}:${p.publishedPort}\n`;
}

export interface TopEntry {
  name: string;
  titles: string[];
  processes: string[][];
}

export function formatTop(entries: readonly TopEntry[]): string {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : 1)).map((e) => {
    const body = [`${e.titles.join('\t')}\n`, ...e.processes.map((p) => `${p.map((c) => `${c}\t`).join('')}\n`), '\n'].join('');
    return `${e.name}\n${tabwrite(body, { minWidth: 5, padding: 3 })}`;
  }).join('');
}

export interface ComposeEvent {
  /** Milliseconds since the epoch, with the nanoseconds the engine had beyond them. */
  time: Date;
  nanos?: number;
  container: string;
  service: string;
  action: string;
  attributes: Record<string, string>;
}

function rfc3339Nano(e: ComposeEvent): string {
  const base = e.time.toISOString().slice(0, 19);
  const ns = (e.time.getUTCMilliseconds() * 1e6 + (e.nanos ?? 0)).toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${ns === '' ? '' : `.${ns}`}Z`;
}

/** Event.String: `2026-12-01 19:16:41.621614 container kill <id> (k=v, ...)` then an empty line. */
export function formatEvent(e: ComposeEvent, json: boolean): string {
  if (json) {
    const attrs: GoNode = new Map(Object.keys(e.attributes).sort().map((k) => [k, e.attributes[k] as string]));
    const fields: Array<[string, GoNode]> = [['action', e.action], ['attributes', attrs], ['id', e.container], ['service', e.service], ['time', rfc3339Nano(e)], ['type', 'container']];
    return `${toGoJson(new Map(fields), false)}\n`;
  }
  const micros = (e.time.getUTCMilliseconds() * 1000 + Math.floor((e.nanos ?? 0) / 1000)).toString().padStart(6, '0');
  const stamp = `${e.time.toISOString().slice(0, 19).replace('T', ' ')}.${micros}`;
  const attrs = Object.entries(e.attributes).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${stamp} container ${e.action} ${e.container} (${attrs})\n\n`;
}

/** One row of `stats`: what the stats use case samples. */
export type StatsEntry = ContainerUsage;

const STATS = {
  table: 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}',
  headers: { ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' },
  quiet: '.ID',
};

export function formatStats(entries: readonly StatsEntry[], format: string, noTrunc: boolean): string {
  const rows = entries.map((s) => {
    const id = noTrunc ? s.id : s.id.slice(0, 12);
    return {
      BlockIO: `${humanSize(s.blockRead)} / ${humanSize(s.blockWrite)}`, CPUPerc: `${s.cpuPercent.toFixed(2)}%`, Container: id, ID: id,
      MemPerc: `${(s.memLimit === 0 ? 0 : (s.memUsage / s.memLimit) * 100).toFixed(2)}%`, MemUsage: `${bytesSize(s.memUsage)} / ${bytesSize(s.memLimit)}`,
      Name: s.name, NetIO: `${humanSize(s.netRx)} / ${humanSize(s.netTx)}`, PIDs: String(s.pids),
    };
  });
  return formatList(rows, format, false, STATS);
}
