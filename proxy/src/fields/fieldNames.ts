/**
 * Field ids and labels derived from column names.
 *
 * Looker Studio only accepts ids matching `^[A-Za-z0-9_]+$`; this code also starts every id with a letter, so it
 * is a valid formula reference. Ids that equal a formula function name
 * (CASE, CAST, TODATE, HYPERLINK, IMAGE, REGEXP_*) "cannot be used as the ID for a field"
 * (docs/reference-looker-studio.md#field-json-and-data-types). Ids must also be stable: the same table always yields
 * the same ids, because reports store them.
 */

const FORMULA_NAMES = new Set([
  'case',
  'cast',
  'todate',
  'hyperlink',
  'image',
  'regexp_contains',
  'regexp_extract',
  'regexp_match',
  'regexp_replace',
]);

/**
 * Replaces every character Looker Studio does not accept in an id with `_`, and starts the id with a letter: a
 * formula references a field as `$id`, and a formula Looker Studio cannot parse drops its field without a word
 * (docs/fields.md#field-ids), so `2fa_count` becomes `f_2fa_count`.
 */
export function sanitizeFieldId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(id) ? id : `f_${id}`;
}

/**
 * Hands out unique ids in call order. Uniqueness is case-insensitive (engines may fold case), and formula
 * function names are treated as taken, so `case` becomes `case_2`.
 */
export class FieldIdAllocator {
  private readonly taken = new Set<string>();

  /** Returns `wanted` (sanitised) if free, else the first free `wanted_2`, `wanted_3`, … */
  allocate(wanted: string): string {
    const base = sanitizeFieldId(wanted);
    let id = base;
    for (let n = 2; !this.isFree(id); n++) id = `${base}_${n}`;
    this.taken.add(id.toLowerCase());
    return id;
  }

  private isFree(id: string): boolean {
    const lower = id.toLowerCase();
    return !this.taken.has(lower) && !FORMULA_NAMES.has(lower);
  }
}
