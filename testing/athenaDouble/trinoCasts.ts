/**
 * Trino's `try_cast(varchar AS double)` is Java's Double.parseDouble (Trino VarcharOperators.castToDouble): it trims
 * characters ≤ U+0020 and accepts `NaN`, `Infinity`, `1d` / `2f` suffixes, while DuckDB's try_cast accepts other
 * spellings (`inf`, `1_000`). The double runs SQL on DuckDB, so it rewrites each such cast into DuckDB SQL with
 * Java's acceptance rules; SQL whose meaning differs between the engines then gives different rows through the
 * double, which the differential test (test/e2e/athenaDifferential.e2e.test.ts) catches (docs/athena.md#numeric-text).
 * Hex floating literals (`0x1p3`) are not emulated.
 */
import { nodeKind, type TrinoNode } from '../trinoCheck';

const JAVA_WHITESPACE = "'^[\\x00-\\x20]+|[\\x00-\\x20]+$'";

function javaParseDouble(text: string): string {
  const t = `regexp_replace(${text}, ${JAVA_WHITESPACE}, '', 'g')`;
  const negative = `CASE WHEN ${t} LIKE '-%' THEN CAST('-inf' AS DOUBLE) ELSE CAST('inf' AS DOUBLE) END`;
  return (
    `(CASE WHEN regexp_matches(${t}, '^[+-]?NaN$') THEN CAST('nan' AS DOUBLE) ` +
    `WHEN regexp_matches(${t}, '^[+-]?Infinity$') THEN ${negative} ` +
    `WHEN regexp_matches(${t}, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[dDfF]?$') ` +
    `THEN TRY_CAST(regexp_replace(${t}, '[dDfF]$', '') AS DOUBLE) END)`
  );
}

/** Replace `sql.slice(from, to)` with `text`. */
export interface SqlEdit {
  from: number;
  to: number;
  text: string;
}

/**
 * Applies non-overlapping edits (any order). Offsets are the parser's, in code points (ANTLR reads the text as
 * code points), so they are mapped to string indices first: an emoji in a literal must not shift later edits.
 */
export function applyEdits(sql: string, edits: SqlEdit[]): string {
  const index = utf16Indices(sql);
  let rewritten = sql;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) {
    rewritten = rewritten.slice(0, index(edit.from)) + edit.text + rewritten.slice(index(edit.to));
  }
  return rewritten;
}

function utf16Indices(sql: string): (codePoint: number) => number {
  if (!/[\ud800-\udfff]/.test(sql)) return (codePoint) => codePoint;
  const starts: number[] = [];
  for (let i = 0; i < sql.length; i += (sql.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) starts.push(i);
  starts.push(sql.length);
  return (codePoint) => starts[Math.min(codePoint, starts.length - 1)];
}

/**
 * The edits that rewrite every `try_cast(<text> AS double)` of `sql` (whose parse tree is `tree`) for DuckDB with
 * Java's rules. `isText` says whether a cast's operand is text.
 */
export function trinoCastEdits(sql: string, tree: TrinoNode, isText: (operand: TrinoNode) => boolean): SqlEdit[] {
  const edits: SqlEdit[] = [];
  const visit = (node: TrinoNode) => {
    const children = node.children ?? [];
    if (nodeKind(node) === 'CastContext' && children[0]?.getText().toLowerCase() === 'try_cast') {
      const operand = children.find((child) => nodeKind(child) === 'ExpressionContext');
      const type = children
        .find((child) => /TypeContext$/.test(nodeKind(child)))
        ?.getText()
        .toLowerCase();
      if (operand?.start && operand.stop && node.start && node.stop && type === 'double' && isText(operand)) {
        const text = applyEdits(sql, [
          { from: operand.stop.stop + 1, to: Number.MAX_SAFE_INTEGER, text: '' },
          { from: 0, to: operand.start.start, text: '' },
        ]);
        edits.push({ from: node.start.start, to: node.stop.stop + 1, text: javaParseDouble(text) });
        return; // the operand is copied as written; casts nested in it are not rewritten
      }
    }
    children.forEach(visit);
  };
  visit(tree);
  return edits;
}
