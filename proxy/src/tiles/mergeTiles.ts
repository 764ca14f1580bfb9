/**
 * Merges per-day partial rows into the range's rows (docs/tiles.md#exact-merge): rows with equal group values
 * (NULL distinct from '') become one; sums and counts add, minimums and maximums compare. SQL NULL is what an
 * aggregate over no non-null value gives, so it is neutral: NULL + x = x, min(NULL, x) = x. An ungrouped request
 * answers one row even over no rows, as the engine does (counts 0, the others NULL).
 */
import type { MergeKind } from './tilePlan';
import { addText, compareText } from './exactText';

export type TextRow = (string | null)[];

export function mergeDayRows(days: readonly (readonly TextRow[])[], merge: readonly MergeKind[]): TextRow[] {
  const groups = new Map<string, TextRow>();
  const groupColumns = merge.flatMap((kind, i) => (kind === 'group' ? [i] : []));
  for (const rows of days) {
    for (const row of rows) {
      const key = JSON.stringify(groupColumns.map((i) => row[i]));
      const seen = groups.get(key);
      if (seen) mergeInto(seen, row, merge);
      else groups.set(key, [...row]);
    }
  }
  if (groupColumns.length === 0 && groups.size === 0) return [merge.map((kind) => (kind === 'count' ? '0' : null))];
  // Ordered by the group key text: a stable order (Looker Studio sorts charts itself).
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

function mergeInto(target: TextRow, row: TextRow, merge: readonly MergeKind[]): void {
  for (let i = 0; i < merge.length; i++) {
    const [a, b] = [target[i], row[i]];
    if (b === null || merge[i] === 'group' || merge[i] === 'constant') continue;
    if (a === null) {
      target[i] = b;
      continue;
    }
    switch (merge[i]) {
      case 'sum':
      case 'count':
        target[i] = addText(a, b);
        break;
      case 'min':
        if (compareText(b, a) < 0) target[i] = b;
        break;
      case 'max':
        if (compareText(b, a) > 0) target[i] = b;
        break;
    }
  }
}
