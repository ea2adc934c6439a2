/**
 * Help text laid out as docker compose prints it: the docker CLI's usage
 * template and pflag's wrapped flag table (flags sorted by name, usage text
 * wrapped to the terminal width, 80 columns off a terminal).
 */
import { goQuote } from '../compose/go-format.js';
import type { CommandSpec } from './commands/types.js';
import type { FlagSpec } from './flags.js';

export const PROGRAM = 'tscompose';
export const PROGRAM_DESCRIPTION = 'Define and run multi-container applications, as Docker Compose does, without a daemon';

const NOT_IMPLEMENTED = ' (not implemented yet)';
const MIN_NAME_PADDING = 11;

/** A command's one-line description, marked when tscompose does not have it yet. */
export function shortLine(cmd: CommandSpec): string {
  return cmd.load === undefined && cmd.subcommands === undefined ? cmd.short + NOT_IMPLEMENTED : cmd.short;
}

/** `tscompose --help`. */
export function rootHelp(flags: readonly FlagSpec[], commands: readonly CommandSpec[], cols: number): string {
  const pad = Math.max(MIN_NAME_PADDING, ...commands.map((c) => c.name.length));
  const list = [...commands]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((c) => `  ${c.name.padEnd(pad)} ${shortLine(c)}`);
  return [
    '',
    `Usage:  ${PROGRAM} [OPTIONS] COMMAND`,
    '',
    PROGRAM_DESCRIPTION,
    ...optionsSection(flags, cols),
    '',
    'Commands:',
    ...list,
    '',
    `Run '${PROGRAM} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n');
}

/** `tscompose COMMAND --help`; `flags` are the command's own plus the inherited persistent ones. */
export function commandHelp(cmd: CommandSpec, flags: readonly FlagSpec[], cols: number): string {
  const path = `${PROGRAM} ${cmd.name}`;
  const lines = ['', `Usage:  ${path} ${cmd.use}`, '', cmd.long ?? shortLine(cmd)];
  if (cmd.aliases && cmd.aliases.length > 0) {
    const parent = cmd.name.split(' ').slice(0, -1).join(' ');
    const path = (n: string): string => (n === cmd.name || parent === '' ? `${PROGRAM} ${n}` : `${PROGRAM} ${parent} ${n}`);
    lines.push('', 'Aliases:', `  ${[cmd.name, ...cmd.aliases].map(path).join(', ')}`);
  }
  if (cmd.subcommands !== undefined && cmd.subcommands.length > 0) {
    const width = Math.max(...cmd.subcommands.map((c) => (c.name.split(' ').pop() ?? '').length));
    lines.push('', 'Commands:', ...cmd.subcommands.map((c) => `  ${(c.name.split(' ').pop() ?? '').padEnd(width)}   ${c.short}`));
    lines.push('', `Run '${PROGRAM} ${cmd.name} COMMAND --help' for more information on a command.`);
  }
  lines.push(...optionsSection(flags, cols), '');
  return lines.join('\n');
}

function optionsSection(flags: readonly FlagSpec[], cols: number): string[] {
  const table = flagUsages(flags, cols).trimEnd();
  return table === '' ? [] : ['', 'Options:', table];
}

/** pflag's FlagUsagesWrapped: one entry per visible flag, sorted by name. */
export function flagUsages(flags: readonly FlagSpec[], cols: number): string {
  const visible = flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : 1));
  const heads = visible.map(flagHead);
  const width = Math.max(0, ...heads.map((h) => h.length));
  return visible
    .map((f, i) => {
      const head = heads[i] as string;
      // pflag pads to the widest head plus one, and Println puts a space on either side of that padding.
      return `${head} ${' '.repeat(width + 1 - head.length)} ${wrap(width + 3, cols, usageWithDefault(f))}\n`;
    })
    .join('');
}

function flagHead(f: FlagSpec): string {
  const names = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
  const type = f.kind === 'bool' ? '' : ` ${f.kind}`;
  return names + type;
}

function usageWithDefault(f: FlagSpec): string {
  const d = f.defaultValue ?? '';
  const isZero = d === '' || (f.kind === 'bool' && d === 'false') || (f.kind === 'int' && d === '0');
  if (isZero) return f.usage;
  return f.kind === 'string' ? `${f.usage} (default ${goQuote(d)})` : `${f.usage} (default ${d})`;
}

/**
 * pflag's wrap: text after an indent of `indent` columns, wrapped to `cols` (0: no wrapping),
 * letting the last line run up to 5 columns over rather than leave a short
 * orphan word.
 */
export function wrap(indent: number, cols: number, text: string): string {
  if (cols === 0) return text.replaceAll('\n', `\n${' '.repeat(indent)}`);
  let i = indent;
  let room = cols - i;
  let out = '';
  if (room < 24) {
    i = 16;
    room = cols - i;
    out += `\n${' '.repeat(i)}`;
  }
  if (room < 24) return text.replaceAll('\n', out);
  const slop = 5;
  room -= slop;
  const nl = `\n${' '.repeat(i)}`;
  let [line, rest] = wrapN(room, slop, text);
  out += line.replaceAll('\n', nl);
  while (rest !== '') {
    [line, rest] = wrapN(room, slop, rest);
    out += nl + line.replaceAll('\n', nl);
  }
  return out;
}

function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nlPos = head.lastIndexOf('\n');
  if (nlPos > 0 && nlPos < w) return [s.slice(0, nlPos), s.slice(nlPos + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}
