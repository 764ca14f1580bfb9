/**
 * Writes result CSV the way Athena does (docs/reference-athena.md#result-csv-format): a header
 * row, `"`-quoted values with doubled quotes inside, every non-null value quoted, SQL NULL as an empty unquoted field,
 * LF line ends.
 */

/** One CSV line (with its trailing LF) for the given values; `null` is SQL NULL. */
export function encodeAthenaCsvRow(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',') + '\n';
}
