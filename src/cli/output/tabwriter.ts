/**
 * Go's text/tabwriter as docker compose configures it for tables
 * (minwidth 20, tabwidth 1, padding 3, padded with spaces): cells end with a
 * tab; a column is as wide as its widest cell plus the padding, at least the
 * minimum width, over each run of consecutive lines that have that column.
 * The text after a line's last tab is not a cell and is printed as is.
 */
export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

export const DOCKER_TABLE: TabwriterOptions = { minWidth: 20, padding: 3 };

export function tabwrite(text: string, opts: TabwriterOptions = DOCKER_TABLE): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths = lines.map((cells) => cells.map(() => 0));
  fillColumn(lines, widths, 0, 0, lines.length, opts);
  const out = lines.map((cells, i) =>
    cells.map((cell, j) => (j < cells.length - 1 ? cell + ' '.repeat((widths[i]?.[j] ?? 0) - runes(cell)) : cell)).join(''),
  );
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

/**
 * Column `col` over lines [start, end): every maximal run of lines that have
 * a cell there (more cells than `col + 1`) forms a block with one width, and
 * the next column is formatted within that block.
 */
function fillColumn(lines: string[][], widths: number[][], col: number, start: number, end: number, opts: TabwriterOptions): void {
  let i = start;
  while (i < end) {
    if ((lines[i] as string[]).length - 1 <= col) {
      i++;
      continue;
    }
    let j = i;
    let width = opts.minWidth;
    while (j < end && (lines[j] as string[]).length - 1 > col) {
      width = Math.max(width, runes((lines[j] as string[])[col] as string) + opts.padding);
      j++;
    }
    for (let k = i; k < j; k++) (widths[k] as number[])[col] = width;
    fillColumn(lines, widths, col + 1, i, j, opts);
    i = j;
  }
}

function runes(s: string): number {
  return [...s].length;
}
