/**
 * The syntax tree of a Dockerfile, as BuildKit's parser builds it: one node
 * per instruction with its raw flags and arguments, before any instruction
 * is checked or any variable expanded.
 */
import type { LineRange } from '../errors.js';

export interface Heredoc {
  /** The delimiter word, without quotes. */
  name: string;
  /** `3<<EOF` opens the document on file descriptor 3; 0 when not given. */
  fileDescriptor: number;
  /** False when any part of the delimiter was quoted: then `$` stays literal. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from the lines and the delimiter. */
  chomp: boolean;
  content: string;
}

export interface Node {
  /** The instruction keyword as written (`copy`, `COPY`). */
  keyword: string;
  /** The logical line after continuations were joined (escape characters kept). */
  original: string;
  /** `--name=value` words that precede the arguments. */
  flags: string[];
  /**
   * The arguments as the instruction's line parser split them. ENV and LABEL
   * give triples (key, value, `=` or `` for the `KEY value` form); HEALTHCHECK
   * gives the type then the command.
   */
  args: string[];
  /** Exec form: the arguments came from a JSON array. */
  json: boolean;
  heredocs: Heredoc[];
  range: LineRange;
  /** Comment lines directly above the instruction, without `#`. */
  comments: string[];
  /** ONBUILD's trigger instruction. */
  trigger?: Node;
}

export interface Directive {
  name: 'syntax' | 'escape' | 'check';
  value: string;
  line: number;
}

export interface ParsedDockerfile {
  nodes: Node[];
  escapeToken: string;
  directives: Directive[];
  warnings: ParseWarning[];
}

export interface ParseWarning {
  message: string;
  line: number;
}
