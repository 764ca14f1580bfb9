/**
 * The same rows in Athena's GetQueryResults JSON (docs/reference-athena.md#getqueryresults-paging), built locally so
 * the wire size of our compact format can be compared with what connectors that page GetQueryResults receive: pages of
 * at most 1,000 rows, every value a `{VarCharValue}` string (NULL an empty `{}`), a header row on the first page, and
 * the column metadata repeated on every page.
 */
import type { DataType, LookerValue } from '../protocol/contract';

const ATHENA_PAGE_ROWS = 1000;

/** Serialized GetQueryResults pages for `rows`; the Looker-format values are turned back into Athena's text. */
export function toAthenaResultPages(schema: { name: string; dataType: DataType }[], rows: LookerValue[][]): string[] {
  const columnInfo = schema.map((field) => ({
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: field.name,
    Label: field.name,
    Type: field.dataType === 'NUMBER' ? 'double' : field.dataType === 'BOOLEAN' ? 'boolean' : 'varchar',
    Precision: field.dataType === 'NUMBER' ? 17 : 2147483647,
    Scale: 0,
    Nullable: 'UNKNOWN',
    CaseSensitive: field.dataType === 'STRING',
  }));
  const header = { Data: schema.map((field) => ({ VarCharValue: field.name })) };
  const pages: string[] = [];
  for (let from = 0; from === 0 || from < rows.length; from += ATHENA_PAGE_ROWS) {
    const dataRows = rows.slice(from, from + ATHENA_PAGE_ROWS).map((row) => ({ Data: row.map(toDatum) }));
    const last = from + ATHENA_PAGE_ROWS >= rows.length;
    pages.push(
      JSON.stringify({
        UpdateCount: 0,
        ResultSet: {
          Rows: from === 0 ? [header, ...dataRows] : dataRows,
          ResultSetMetadata: { ColumnInfo: columnInfo },
        },
        // NextToken is opaque; real ones are a few hundred characters.
        ...(last ? {} : { NextToken: 'A'.repeat(300) }),
      }),
    );
  }
  return pages;
}

function toDatum(value: LookerValue): { VarCharValue?: string } {
  return value === null ? {} : { VarCharValue: toAthenaText(value) };
}

/** Looker `YYYYMMDD` / `YYYYMMDDHHmmss` back to Athena's `YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS.fff`. */
function toAthenaText(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (/^\d{14}$/.test(value)) {
    return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)} ${value.slice(8, 10)}:${value.slice(10, 12)}:${value.slice(12, 14)}.000`;
  }
  if (/^\d{8}$/.test(value)) return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  return value;
}
