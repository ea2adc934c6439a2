/**
 * "Did you mean this?" as cobra computes it: commands within a
 * case-insensitive Levenshtein distance of 2, or starting with what was typed.
 */
const MAX_DISTANCE = 2;

export function suggestionsFor(typed: string, names: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  return names.filter((n) => levenshtein(lower, n.toLowerCase()) <= MAX_DISTANCE || n.toLowerCase().startsWith(lower));
}

/** The block cobra appends to an unknown-command error (empty when nothing is close). */
export function suggestionBlock(typed: string, names: readonly string[]): string {
  const found = suggestionsFor(typed, names);
  if (found.length === 0) return '';
  return `\n\nDid you mean this?\n${found.map((n) => `\t${n}\n`).join('')}`;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
