/**
 * Parser directives: `# syntax=...`, `# escape=\`` and `# check=...` on the
 * first lines, before any instruction, comment or blank line. The first line
 * that is not a directive ends them; a directive given twice is an error.
 */
import { DockerfileError } from '../errors.js';
import type { Directive } from './node.js';

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const KNOWN = new Set(['syntax', 'escape', 'check']);

export class DirectiveParser {
  private done = false;
  private readonly seen = new Set<string>();
  readonly directives: Directive[] = [];

  /** The directive on this line, or undefined (and no more directives after it). */
  parseLine(line: string, lineNumber: number): Directive | undefined {
    if (this.done) return undefined;
    if (!line.startsWith('#')) {
      this.done = true;
      return undefined;
    }
    const m = DIRECTIVE.exec(line.slice(1).replace(/^[\t\n\v\f\r \u0085\u00a0]+/, ''));
    const name = m?.[1]?.toLowerCase();
    if (m === null || name === undefined || !KNOWN.has(name)) {
      this.done = true;
      return undefined;
    }
    if (this.seen.has(name)) {
      throw new DockerfileError(`only one ${name} parser directive can be used`, undefined, { start: lineNumber, end: lineNumber });
    }
    this.seen.add(name);
    const directive: Directive = { name: name as Directive['name'], value: m[2] as string, line: lineNumber };
    this.directives.push(directive);
    return directive;
  }
}

export function checkEscapeToken(value: string, line: number): string {
  if (value !== '`' && value !== '\\') {
    throw new DockerfileError(`invalid escape token '${value}' does not match \` or \\`, undefined, { start: line, end: line });
  }
  return value;
}

/** The line-continuation pattern for an escape character: it ends the line, not escaped itself. */
export function continuationPattern(escape: string): RegExp {
  const e = `\\${escape}`;
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}
