/**
 * The two word splitters of BuildKit's parser: `parseWords` (ENV, LABEL,
 * ARG: quotes and escapes are kept for the expander to handle later) and
 * `extractBuilderFlags` (the leading `--flag=value` words of an instruction,
 * where quotes and escapes are resolved).
 */
import { isGoSpace } from '../shell/chars.js';

/** Splits on unquoted spaces; quote and escape characters stay in the words. */
export function parseWords(rest: string, escape: string): string[] {
  const chars = [...rest];
  const words: string[] = [];
  let word = '';
  let blankOk = false;
  let quote = '';
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  for (let i = 0; i <= chars.length; i++) {
    const ch = chars[i] ?? '';
    const atEnd = i === chars.length;
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (atEnd) {
      if (blankOk || word !== '') words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        if (blankOk || word !== '') words.push(word);
        phase = 'spaces';
        word = '';
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = 'quote';
      }
      if (ch === escape) {
        if (i + 1 === chars.length) continue;
        // An escape keeps itself and the next character, even a quote.
        word += ch;
        i++;
        word += chars[i] as string;
        continue;
      }
      word += ch;
      continue;
    }
    // In quotes: the escape means nothing inside '...'.
    if (ch === quote) phase = 'word';
    if (ch === escape && quote !== "'") {
      if (i + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      word += ch;
      i++;
      word += chars[i] as string;
      continue;
    }
    word += ch;
  }
  return words;
}

/**
 * Takes the `--flag` words off the front of an instruction's arguments.
 * Returns the rest of the line and the flags; a bare `--` ends the flags.
 */
export function extractBuilderFlags(line: string, escape: string): { rest: string; flags: string[] } {
  const flags: string[] = [];
  let word = '';
  let blankOk = false;
  let quote = '';
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  for (let pos = 0; pos <= line.length; pos++) {
    const ch = line[pos] ?? '';
    const atEnd = pos === line.length;
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isGoSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') return { rest: line.slice(pos), flags };
      phase = 'word';
    }
    if (atEnd) {
      if (word !== '--' && (blankOk || word !== '')) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        if (word === '--') return { rest: line.slice(pos), flags };
        if (blankOk || word !== '') flags.push(word);
        phase = 'spaces';
        word = '';
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = 'quote';
        continue;
      }
      if (ch === escape) {
        if (pos + 1 === line.length) continue;
        pos++;
      }
      word += line[pos] as string;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === escape) {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      pos++;
    }
    word += line[pos] as string;
  }
  return { rest: '', flags };
}
