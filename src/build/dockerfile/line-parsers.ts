/**
 * Per-instruction argument parsing (BuildKit parser/line_parsers.go): how the
 * text after the keyword and flags becomes the node's argument list. No
 * variable is expanded here; quotes of ENV and LABEL values are kept.
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';
import { goTrimLeftSpace, isGoSpace } from '../shell/chars.js';
import { parseWords } from './words.js';

export interface LineArgs {
  args: string[];
  json: boolean;
  /** ONBUILD's trigger, still to be parsed as an instruction. */
  trigger?: string;
}

type LineParser = (rest: string, escape: string) => LineArgs;

const WHITESPACE = /[\t\v\f\r ]+/;
const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

const plain = (args: string[]): LineArgs => ({ args, json: false });

export const lineParsers: Readonly<Record<string, LineParser>> = {
  add: parseMaybeJsonToList,
  arg: (rest, escape) => plain(parseWords(rest, escape)),
  cmd: parseMaybeJson,
  copy: parseMaybeJsonToList,
  entrypoint: parseMaybeJson,
  env: (rest, escape) => plain(parseNameVal(rest, 'ENV', escape)),
  expose: (rest) => plain(splitWhitespace(rest)),
  from: (rest) => plain(splitWhitespace(rest)),
  healthcheck: parseHealthConfig,
  label: (rest, escape) => plain(parseNameVal(rest, 'LABEL', escape)),
  maintainer: (rest) => plain(rest === '' ? [] : [rest]),
  onbuild: (rest) => (rest === '' ? plain([]) : { args: [], json: false, trigger: rest }),
  run: parseMaybeJson,
  shell: parseMaybeJson,
  stopsignal: (rest) => plain(rest === '' ? [] : [rest]),
  user: (rest) => plain(rest === '' ? [] : [rest]),
  volume: parseMaybeJsonToList,
  workdir: (rest) => plain(rest === '' ? [] : [rest]),
};

/** Unknown instructions parse to nothing here; the instruction layer rejects them. */
export function parseLineArgs(keyword: string, rest: string, escape: string): LineArgs {
  const parser = lineParsers[keyword.toLowerCase()];
  return parser === undefined ? plain([]) : parser(rest, escape);
}

function splitWhitespace(rest: string): string[] {
  return rest === '' ? [] : rest.split(WHITESPACE);
}

/**
 * `KEY value` (one pair, the rest of the line is the value) or
 * `KEY=value ...` (any number of pairs); which one is decided by whether the
 * first word holds `=`.
 */
function parseNameVal(rest: string, instruction: string, escape: string): string[] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!(words[0] as string).includes('=')) {
    const m = WHITESPACE.exec(rest);
    if (m === null) throw new DockerfileError(`${instruction} must have two arguments`, undefined, undefined);
    return [rest.slice(0, m.index), rest.slice(m.index + m[0].length), ''];
  }
  const out: string[] = [];
  for (const word of words) {
    const at = word.indexOf('=');
    if (at < 0) {
      throw new DockerfileError(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`, undefined, undefined);
    }
    out.push(word.slice(0, at), word.slice(at + 1), '=');
  }
  return out;
}

/** A JSON array of strings, or undefined when the text is not a JSON array at all. */
function parseJson(rest: string): string[] | undefined {
  const text = goTrimLeftSpace(rest);
  if (!text.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  if (!value.every((v): v is string => typeof v === 'string')) {
    throw new DockerfileError(NOT_STRING_ARRAY, undefined, undefined);
  }
  return value;
}

function parseMaybeJson(rest: string): LineArgs {
  if (rest === '') return plain([]);
  const json = parseJson(rest);
  if (json !== undefined) return { args: json, json: true };
  return plain([rest]);
}

function parseMaybeJsonToList(rest: string): LineArgs {
  const json = parseJson(rest);
  if (json !== undefined) return { args: json, json: true };
  return plain(splitWhitespace(rest));
}

/** HEALTHCHECK: the type word, then the command as CMD would parse it. */
function parseHealthConfig(rest: string): LineArgs {
  let sep = 0;
  while (sep < rest.length && !isGoSpace(rest[sep] as string)) sep++;
  let next = sep;
  while (next < rest.length && isGoSpace(rest[next] as string)) next++;
  if (sep === 0) return plain([]);
  const cmd = parseMaybeJson(rest.slice(next));
  return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
}
