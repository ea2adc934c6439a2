/**
 * How yaml.v3 (a port of libyaml's emitter) writes one Go string: the style
 * its encoder asks for, the emitter's analysis of the characters, the style
 * it settles on, and the writer for that style. Line width is unlimited, as
 * yaml.v3 sets it, so nothing is ever folded.
 */
import { needsQuotes } from './yaml-resolve.js';

const UTF8 = new TextEncoder();

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

/** Where the scalar sits: `indent` is the emitter's indent for it (the column of nested lines). */
export interface ScalarContext {
  indent: number;
  simpleKey: boolean;
}

const isBreak = (ch: string): boolean => ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** libyaml's is_printable, per code point (UTF-8 beyond the BMP never is). */
function isPrintable(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0x0a || (cp >= 0x20 && cp <= 0x7e)) return true;
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  return cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff;
}

/** yaml_emitter_analyze_scalar, reduced to the flags block context uses. */
function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, blockPlain: true, single: true, block: false };
  const chars = [...s];
  let indicators = s.startsWith('---') || s.startsWith('...');
  let breaks = false;
  let special = false;
  let tabs = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previous: 'space' | 'break' | '' = '';
  chars.forEach((ch, i) => {
    const followedByBlank = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) indicators = true;
    } else if ((ch === ':' && followedByBlank) || (ch === '#' && precededByBlankOrBreak(chars[i - 1]))) {
      indicators = true;
    }
    if (ch === '\t') tabs = true;
    else if (!isPrintable(ch)) special = true;
    if (ch === ' ') {
      if (previous === 'break') breakSpace = true;
      previous = 'space';
    } else if (isBreak(ch)) {
      breaks = true;
      if (previous === 'space') spaceBreak = true;
      previous = 'break';
    } else {
      previous = '';
    }
  });
  const edges = chars[0] === ' ' || isBreak(chars[0] ?? '') || chars.at(-1) === ' ' || isBreak(chars.at(-1) ?? '');
  return {
    multiline: breaks,
    blockPlain: !(edges || breakSpace || spaceBreak || tabs || special || breaks || indicators),
    single: !(breakSpace || spaceBreak || tabs || special),
    block: !(chars.at(-1) === ' ' || spaceBreak || special),
  };
}

function precededByBlankOrBreak(ch: string | undefined): boolean {
  return ch !== undefined && (isBlank(ch) || isBreak(ch) || ch === '\0');
}

/** yaml.v3's stringv then yaml_emitter_select_scalar_style. */
function selectStyle(s: string, a: Analysis, simpleKey: boolean): Style {
  let style: Style = s.includes('\n') ? 'literal' : needsQuotes(s) ? 'double' : 'plain';
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && !a.blockPlain) style = 'single';
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** Whether a mapping key can be written `key: value` rather than `? key`. */
export function isSimpleKey(s: string): boolean {
  return !analyze(s).multiline && UTF8.encode(s).length <= 128;
}

/**
 * The string as yaml.v3 writes it, from where the scalar starts (after `key: `
 * or `- `) to the end of its line, break included: a literal block whose
 * text ends with a break ends at the start of a line already.
 */
export function writeString(s: string, ctx: ScalarContext): string {
  const style = selectStyle(s, analyze(s), ctx.simpleKey);
  if (style === 'literal') {
    const text = literal(s, ctx.indent);
    return isBreak([...text].at(-1) ?? '') ? text : `${text}\n`;
  }
  if (style === 'plain') return `${s}\n`;
  return `${style === 'single' ? singleQuoted(s, ctx.indent) : doubleQuoted(s)}\n`;
}

/** A simple mapping key, without line end (never a literal block: those are not simple). */
export function writeKey(s: string, indent: number): string {
  return writeString(s, { indent, simpleKey: true }).slice(0, -1);
}

/** Only U+2028/U+2029 can reach here as breaks: each is written, then the next text is indented. */
function singleQuoted(s: string, indent: number): string {
  let out = "'";
  let afterBreak = false;
  for (const ch of s) {
    if (isBreak(ch)) {
      out += ch;
      afterBreak = true;
      continue;
    }
    if (afterBreak) out += ' '.repeat(indent);
    out += ch === "'" ? "''" : ch;
    afterBreak = false;
  }
  return `${out}'`;
}

const DOUBLE_ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

/** libyaml escapes every character of a string that starts with a BOM (its is_bom looks at the start). */
function doubleQuoted(s: string): string {
  const bom = s.startsWith('\ufeff');
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!(bom || !isPrintable(ch) || isBreak(ch) || ch === '"' || ch === '\\')) {
      out += ch;
      continue;
    }
    const named = DOUBLE_ESCAPES[cp];
    if (named !== undefined) out += `\\${named}`;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const hex = (cp: number, width: number): string => cp.toString(16).toUpperCase().padStart(width, '0');

/**
 * A literal block: `|`, an indentation hint when the text starts with a
 * space or break, a chomping hint, then the lines. As in libyaml, a leading
 * line break only ends the header line, so it is lost.
 */
function literal(s: string, indent: number): string {
  const chars = [...s];
  const last = chars.length - 1;
  const hint = s.startsWith(' ') || isBreak(chars[0] ?? '') ? '2' : '';
  let chomp = '';
  if (!isBreak(chars[last] ?? '')) chomp = '-';
  else if (last === 0 || isBreak(chars[last - 1] ?? '')) chomp = '+';
  let out = `|${hint}${chomp}`;
  let afterBreak = true;
  let started = false;
  for (const ch of chars) {
    if (isBreak(ch)) {
      out += ch;
      afterBreak = true;
    } else {
      // The first line break after the header is libyaml's own unless the text starts with one.
      if (afterBreak) out += (started ? '' : '\n') + ' '.repeat(indent);
      out += ch;
      afterBreak = false;
    }
    started = true;
  }
  return out;
}
