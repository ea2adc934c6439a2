/**
 * Heredocs (`RUN <<EOF`, `COPY <<-"EOF" /dst`, several per line): which words
 * of an instruction open one, and whether its body is expanded. A delimiter
 * with any quoted part (`<<'EOF'`, `<<E"O"F`) keeps `$` literal, as in sh.
 */
import { emptyEnv } from '../shell/env.js';
import { ShellLex } from '../shell/lex.js';
import { DockerfileError } from '../errors.js';
import type { Heredoc } from './node.js';

const HEREDOC = /^([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)$/;
/** Heredoc words are always lexed with `\`, whatever the escape directive says. */
const wordLex = new ShellLex({ rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
const nameLex = new ShellLex({ skipUnsetEnv: true });
const rawNameLex = new ShellLex({ skipUnsetEnv: true, rawQuotes: true });

/** The heredoc a single word opens, or undefined when it opens none. */
export function parseHeredoc(word: string): Heredoc | undefined {
  const m = HEREDOC.exec(word);
  if (m === null) return undefined;
  const rest = m[3] as string;
  if (rest === '') return undefined;
  const words = nameLex.processWords(rest, emptyEnv);
  if (words.length !== 1) return undefined;
  const raw = rawNameLex.processWords(rest, emptyEnv);
  if (raw.length !== words.length) {
    throw new DockerfileError(`internal lexing of heredoc produced inconsistent results: ${rest}`, undefined, undefined);
  }
  const name = words[0] as string;
  return {
    name,
    fileDescriptor: m[1] === '' ? 0 : Number(m[1]),
    chomp: m[2] === '-',
    expand: quoteCount(name) === quoteCount(raw[0] as string),
    content: '',
  };
}

/** Every heredoc the line opens, in order. */
export function heredocsFromLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = wordLex.processWords(line, emptyEnv);
  } catch {
    // A line the lexer cannot read opens no heredoc, as BuildKit ignores the error.
    return [];
  }
  const docs: Heredoc[] = [];
  for (const word of words) {
    const doc = parseHeredoc(word);
    if (doc !== undefined) docs.push(doc);
  }
  return docs;
}

function quoteCount(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === "'" || ch === '"') n++;
  return n;
}

/** `<<-`: strips the leading tabs of every line of the body. */
export function chompHeredocContent(content: string): string {
  return content.replace(/^\t+/gm, '');
}

const HEREDOC_KEYWORDS = new Set(['add', 'copy', 'run']);

export function canContainHeredoc(keyword: string, json: boolean, trigger?: { keyword: string; json: boolean }): boolean {
  const k = keyword.toLowerCase();
  if (k === 'onbuild' && trigger !== undefined) return canContainHeredoc(trigger.keyword, trigger.json);
  return HEREDOC_KEYWORDS.has(k) && !json;
}
