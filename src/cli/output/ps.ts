/**
 * `ps` as docker compose 2.26.1 prints it (cmd/compose/ps.go with the docker
 * CLI's container formatter): the NAME IMAGE COMMAND SERVICE CREATED STATUS
 * PORTS table, health inside STATUS (`Up 6 seconds (healthy)`), `--format
 * json` one object per container, a Go template, `-q` full ids, `--services`,
 * and the `--status`/`--filter status=` and `-a` selections.
 */
import { goQuote } from '../../compose/go-format.js';
import { TscomposeError } from '../../errors.js';
import { formatList, type ListFormat } from './formatted-list.js';
import { humanDuration } from './go-units.js';
import { displayablePorts, type Publisher } from './ports.js';

export interface PsContainer {
  id: string;
  name: string;
  project: string;
  service: string;
  image: string;
  command: string;
  /** Milliseconds since the epoch. */
  created: number;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  exitCode: number;
  startedAt?: number;
  finishedAt?: number;
  health?: 'starting' | 'healthy' | 'unhealthy';
  publishers: Publisher[];
  labels: Record<string, string>;
  mounts: string[];
  localVolumes: number;
  networks: string[];
}

const PS_TABLE: ListFormat = {
  table: 'table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}',
  headers: {
    ID: 'CONTAINER ID', Name: 'NAME', Project: 'PROJECT', Service: 'SERVICE', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT',
    RunningFor: 'CREATED', Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Labels: 'LABELS',
  },
  quiet: '.ID',
};

/** moby's State.String(): what STATUS says. */
export function statusText(c: PsContainer, now: number): string {
  const ago = (t: number | undefined): string => humanDuration(now - (t ?? now));
  switch (c.state) {
    case 'running':
      return `Up ${ago(c.startedAt)}${c.health === undefined ? '' : ` (${c.health === 'starting' ? 'health: starting' : c.health})`}`;
    case 'paused':
      return `Up ${ago(c.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.exitCode}) ${ago(c.finishedAt)} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
    case 'exited':
      return c.finishedAt === undefined ? '' : `Exited (${c.exitCode}) ${ago(c.finishedAt)} ago`;
  }
}

/** The docker CLI's Ellipsis: at most `max` characters, the last one `…`. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Go's time.Time String in UTC: `2026-12-01 19:03:23 +0000 UTC`. */
function goTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC`;
}

export function psFields(c: PsContainer, now: number, trunc: boolean) {
  return {
    Command: goQuote(trunc ? ellipsis(c.command, 20) : c.command),
    CreatedAt: goTime(c.created),
    ExitCode: c.exitCode,
    Health: c.health ?? '',
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Image: c.image,
    Labels: Object.keys(c.labels).map((k) => `${k}=${c.labels[k]}`).join(','),
    LocalVolumes: String(c.localVolumes),
    Mounts: c.mounts.map((m) => (trunc ? ellipsis(m, 15) : m)).join(','),
    Name: c.name,
    Names: c.name,
    Networks: c.networks.join(','),
    Ports: displayablePorts(c.publishers),
    Project: c.project,
    Publishers: c.publishers.length === 0 ? null : c.publishers.map((p) => ({ URL: p.url, TargetPort: p.targetPort, PublishedPort: p.publishedPort, Protocol: p.protocol })),
    RunningFor: `${humanDuration(now - c.created)} ago`,
    Service: c.service,
    Size: '0B',
    State: c.state,
    Status: statusText(c, now),
    Label: (k: string) => c.labels[k] ?? '',
  };
}

export interface PsOptions {
  format: string;
  quiet: boolean;
  services: boolean;
  /** `-a`, or a status selection: stopped containers too. */
  all: boolean;
  statuses: string[];
  noTrunc: boolean;
}

/** `--filter KEY=VAL`: status only, as docker compose 2.26.1 accepts. */
export function filterStatuses(filter: string): string[] {
  if (filter === '') return [];
  const at = filter.indexOf('=');
  if (at < 0) throw new TscomposeError('E_USAGE', 'arguments to --filter should be in form KEY=VAL');
  const key = filter.slice(0, at);
  if (key === 'status') return [filter.slice(at + 1)];
  if (key === 'source') throw new TscomposeError('E_USAGE', 'not implemented');
  throw new TscomposeError('E_USAGE', `unknown filter ${key}`);
}

export function formatPs(list: readonly PsContainer[], opts: PsOptions, now: number): string {
  const selected = list
    .filter((c) => opts.all || opts.statuses.length > 0 || c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
    .filter((c) => opts.statuses.length === 0 || opts.statuses.includes(c.state))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (opts.quiet) return selected.map((c) => `${c.id}\n`).join('');
  if (opts.services) return [...new Set(selected.map((c) => c.service))].map((s) => `${s}\n`).join('');
  return formatList(selected.map((c) => psFields(c, now, !opts.noTrunc)), opts.format, false, PS_TABLE);
}
