/**
 * Dockerfile text to syntax tree, line for line as BuildKit's parser reads
 * it: a byte-order mark is dropped, parser directives are read from the top,
 * comments are dropped (also inside continued lines), a line ending in the
 * escape character continues on the next, empty continuation lines are
 * skipped with a warning, and heredoc bodies follow the instruction that
 * opens them. Every node records the lines it spans.
 */
import { DockerfileError, type LineRange } from '../errors.js';
import { goTrimLeftSpace, goTrimSpace } from '../shell/chars.js';
import { checkEscapeToken, continuationPattern, DirectiveParser } from './directives.js';
import { canContainHeredoc, heredocsFromLine } from './heredoc.js';
import { parseLineArgs } from './line-parsers.js';
import type { Heredoc, Node, ParsedDockerfile, ParseWarning } from './node.js';
import { extractBuilderFlags } from './words.js';

const MAX_LINE_BYTES = 65536;

/** Physical lines with their line endings, as Go's bufio line scanner cuts them. */
class Lines {
  private readonly lines: string[];
  /** How many lines were read: the 1-based number of the last one. */
  read = 0;

  constructor(text: string) {
    this.lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  }

  more(): boolean {
    return this.read < this.lines.length;
  }

  next(): string {
    const line = this.lines[this.read] as string;
    this.read++;
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      throw new DockerfileError(`dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`, undefined, at(this.read));
    }
    return line;
  }
}

function at(line: number, end = line): LineRange {
  return { start: line, end: Math.max(line, end) };
}

class Parser {
  private escape = '\\';
  private continuation = continuationPattern('\\');
  private readonly directives = new DirectiveParser();
  private readonly nodes: Node[] = [];
  private readonly warnings: ParseWarning[] = [];
  private comments: string[] = [];

  constructor(private readonly lines: Lines) {}

  run(): ParsedDockerfile {
    while (this.lines.more()) this.instruction();
    if (this.nodes.length === 0) throw new DockerfileError('file with no instructions', undefined, at(Math.max(1, this.lines.read)));
    return { nodes: this.nodes, escapeToken: this.escape, directives: this.directives.directives, warnings: this.warnings };
  }

  private instruction(): void {
    const raw = this.lines.next();
    if (isComment(raw)) this.noteComment(raw);
    const { text, directive } = this.processLine(raw, true);
    if (directive) this.comments.pop();
    const startLine = this.lines.read;
    let [line, ended] = this.trimContinuation(text);
    if (ended && line === '') return;
    let emptyContinuation = false;
    while (!ended && this.lines.more()) {
      const next = this.lines.next();
      const { text: cont } = this.processLine(next, false);
      if (isComment(next)) continue;
      if (goTrimLeftSpace(cont) === '') {
        emptyContinuation = true;
        continue;
      }
      const [part, end] = this.trimContinuation(cont);
      line += part;
      ended = end;
    }
    if (emptyContinuation) this.warnings.push({ message: `Empty continuation line found in: ${line}`, line: this.lines.read });
    const node = this.located(startLine, () => this.newNode(line, this.comments));
    if (canContainHeredoc(node.keyword, node.json, node.trigger) && line.includes('<<')) {
      node.heredocs = this.located(startLine, () => this.readHeredocs(line, startLine));
      if (node.trigger !== undefined) node.trigger.heredocs = node.heredocs;
    }
    node.range = at(startLine, this.lines.read);
    this.nodes.push(node);
    this.comments = [];
  }

  private noteComment(raw: string): void {
    const text = goTrimSpace(goTrimLeftSpace(raw).slice(1));
    if (text === '') this.comments = [];
    else this.comments.push(text);
  }

  /** Strips the line ending (and leading space), reads a directive, drops a comment. */
  private processLine(raw: string, stripLeft: boolean): { text: string; directive: boolean } {
    let token = raw.replace(/[\r\n]+$/, '');
    if (stripLeft) token = goTrimLeftSpace(token);
    const directive = this.directives.parseLine(token, this.lines.read);
    if (directive?.name === 'escape') {
      this.escape = checkEscapeToken(directive.value, directive.line);
      this.continuation = continuationPattern(this.escape);
    }
    return { text: isComment(token) ? '' : token, directive: directive !== undefined };
  }

  private trimContinuation(line: string): [string, boolean] {
    if (!this.continuation.test(line)) return [line, true];
    return [line.replace(this.continuation, '$1'), false];
  }

  private located<T>(startLine: number, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DockerfileError) throw e.at(at(startLine, this.lines.read));
      throw e;
    }
  }

  newNode(line: string, comments: string[]): Node {
    const trimmed = goTrimSpace(line);
    const m = /[\t\v\f\r ]+/.exec(trimmed);
    const keyword = m === null ? trimmed : trimmed.slice(0, m.index);
    let flags: string[] = [];
    let rest = '';
    if (m !== null) {
      const split = extractBuilderFlags(trimmed.slice(m.index + m[0].length), this.escape);
      flags = split.flags;
      rest = goTrimSpace(split.rest);
    }
    const parsed = parseLineArgs(keyword, rest, this.escape);
    const node: Node = { keyword, original: line, flags, args: parsed.args, json: parsed.json, heredocs: [], range: at(0), comments };
    if (parsed.trigger !== undefined) node.trigger = this.newNode(parsed.trigger, []);
    return node;
  }

  private readHeredocs(line: string, startLine: number): Heredoc[] {
    const docs = heredocsFromLine(line);
    for (const doc of docs) {
      let content = '';
      let terminated = false;
      while (this.lines.more()) {
        const raw = this.lines.next();
        let candidate = raw.replace(/[\r\n]+$/, '');
        if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
        if (candidate === doc.name) {
          terminated = true;
          break;
        }
        content += raw;
      }
      if (!terminated) throw new DockerfileError('unterminated heredoc', undefined, at(startLine, this.lines.read));
      doc.content = content;
    }
    return docs;
  }
}

function isComment(line: string): boolean {
  return goTrimLeftSpace(line).startsWith('#');
}

/** Parses a whole Dockerfile; errors carry the lines, not yet the file name. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const withoutBom = text.startsWith('\ufeff') ? text.slice(1) : text;
  return new Parser(new Lines(withoutBom)).run();
}

/** One instruction outside a file (an ONBUILD trigger from an image). */
export function parseTrigger(text: string): Node {
  return parseDockerfile(text).nodes[0] as Node;
}
