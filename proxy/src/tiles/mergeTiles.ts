/**
 * Merges per-day partial rows into the range's rows (docs/tiles.md#exact-merge): rows with equal group values
 * (NULL distinct from '') become one; sums and counts add, minimums and maximums compare. SQL NULL is what an
 * aggregate over no non-null value gives, so it is neutral: NULL + x = x, min(NULL, x) = x. An ungrouped request
 * answers one row even over no rows, as the engine does (counts 0, the others NULL).
 */
import type { MergeKind } from './tilePlan';
import { compareText, TextSum } from './exactText';

export type TextRow = (string | null)[];

/** One merged group: its row, and the running sums of its sum and count columns once a second value arrived. */
interface Group {
  row: TextRow;
  sums: Map<number, TextSum>;
}

export function mergeDayRows(days: readonly (readonly TextRow[])[], merge: readonly MergeKind[]): TextRow[] {
  const groups = new Map<string, Group>();
  const groupColumns = merge.flatMap((kind, i) => (kind === 'group' ? [i] : []));
  const keyOf = groupKey(groupColumns);
  for (const rows of days) {
    for (const row of rows) {
      const key = keyOf(row);
      const seen = groups.get(key);
      if (seen) mergeInto(seen, row, merge);
      else groups.set(key, { row: [...row], sums: new Map() });
    }
  }
  if (groupColumns.length === 0 && groups.size === 0) return [merge.map((kind) => (kind === 'count' ? '0' : null))];
  const merged = [...groups.values()].map(({ row, sums }) => {
    for (const [i, sum] of sums) row[i] = sum.total();
    return row;
  });
  // Ordered by the group values' JSON text: a stable order (Looker Studio sorts charts itself).
  const sortKey = (row: TextRow) => JSON.stringify(groupColumns.map((i) => row[i]));
  const keyed = merged.map((row) => ({ key: sortKey(row), row }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ row }) => row);
}

/**
 * The map key of a row's group: NULL distinct from every text. One group column (the common case) keys by its
 * value with a one-character tag instead of a JSON text per row.
 */
function groupKey(groupColumns: readonly number[]): (row: TextRow) => string {
  if (groupColumns.length === 0) return () => '';
  if (groupColumns.length === 1) {
    const [i] = groupColumns;
    return (row) => (row[i] === null ? 'n' : `s${row[i]}`);
  }
  return (row) => JSON.stringify(groupColumns.map((i) => row[i]));
}

function mergeInto(target: Group, row: TextRow, merge: readonly MergeKind[]): void {
  for (let i = 0; i < merge.length; i++) {
    const [a, b] = [target.row[i], row[i]];
    if (b === null || merge[i] === 'group' || merge[i] === 'constant') continue;
    if (a === null) {
      target.row[i] = b;
      continue;
    }
    switch (merge[i]) {
      case 'sum':
      case 'count':
        addToSum(target, i, b);
        break;
      case 'min':
        if (compareText(b, a) < 0) target.row[i] = b;
        break;
      case 'max':
        if (compareText(b, a) > 0) target.row[i] = b;
        break;
    }
  }
}

function addToSum(target: Group, column: number, value: string): void {
  let sum = target.sums.get(column);
  if (!sum) {
    sum = new TextSum(target.row[column]!);
    target.sums.set(column, sum);
  }
  sum.add(value);
}
