/**
 * What Athena knows about a statement at StartQueryExecution, for the double (docs/athena.md#the-api-double):
 * - it refuses text over 262,144 bytes and text Trino cannot parse or resolve with InvalidRequestException
 *   (message shape `line L:C: …`);
 * - unqualified table names resolve through QueryExecutionContext.Database (default `default`);
 * - result columns are named as the SELECT list names them (alias, else the column's name, else `_colN`) and
 *   typed with Athena's type names (`varchar`, `bigint`, `double`, `decimal` with Precision/Scale, …);
 * - `try_cast(text AS double)` follows Trino's rules, not DuckDB's (trinoCasts.ts).
 */
import type { ColumnInfo } from '@aws-sdk/client-athena';
import type { Engine } from '../../proxy/src/port';
import { nodeKind, parseTrino, trinoProblems, type TrinoNode } from '../trinoCheck';
import { MAX_QUERY_BYTES } from '../trinoCheck';
import { AwsFault } from './protocol';
import { applyEdits, trinoCastEdits, type SqlEdit } from './trinoCasts';

export interface StatementShape {
  /** The SQL to run on DuckDB, with unqualified table names qualified by the context database. */
  sql: string;
  columns: ColumnInfo[];
}

type ColumnTypes = Map<string, string>;

export async function analyzeStatement(
  sql: string,
  database: string | undefined,
  engine: Engine,
): Promise<StatementShape> {
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > MAX_QUERY_BYTES) {
    throw new AwsFault(
      'InvalidRequestException',
      `1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length less than or equal to ${MAX_QUERY_BYTES}`,
    );
  }
  const problems = trinoProblems(sql);
  if (problems.length > 0) {
    throw new AwsFault(
      'InvalidRequestException',
      /^line \d+:\d+: /.test(problems[0]) ? problems[0] : `line 1:1: ${problems[0]}`,
    );
  }
  const tree = parseTrino(sql);
  const context = database ?? 'default';
  const tables = findAll(tree, 'TableNameContext');
  const types = await columnTypesOf(tables[0], context, engine);
  const isText = (operand: TrinoNode) => /^(varchar|string|char)/.test(typeOf(operand, types));
  const edits: SqlEdit[] = trinoCastEdits(sql, tree, isText);
  for (const table of tables) {
    if (table.getText().includes('.') || !table.start) continue;
    edits.push({ from: table.start.start, to: table.start.start, text: `"${context}".` });
  }
  const qualified = applyEdits(sql, edits);
  const items = findAll(tree, 'SelectItemContext');
  return { sql: qualified, columns: items.map((item, index) => columnInfo(item, index, types)) };
}

function findAll(node: TrinoNode, kind: string, found: TrinoNode[] = []): TrinoNode[] {
  if (nodeKind(node) === kind) found.push(node);
  node.children?.forEach((child) => findAll(child, kind, found));
  return found;
}

function unquote(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

async function columnTypesOf(table: TrinoNode | undefined, context: string, engine: Engine): Promise<ColumnTypes> {
  const types: ColumnTypes = new Map();
  if (!table) return types;
  const parts =
    table
      .getText()
      .match(/"(?:[^"]|"")*"|[^."]+/g)
      ?.map(unquote) ?? [];
  const [database, name] = parts.length >= 2 ? parts.slice(-2) : [context, parts[0]];
  try {
    const described = await engine.describeTable(database, name);
    for (const column of described.columns) types.set(column.name, column.type.toLowerCase());
  } catch {
    // An unknown table fails when the query runs, as in Athena.
  }
  return types;
}

function columnInfo(item: TrinoNode, index: number, types: ColumnTypes): ColumnInfo {
  const children = item.children ?? [];
  const expression = children[0];
  const alias = children.length > 1 ? children[children.length - 1] : undefined;
  const reference = alias ? undefined : columnReferenceOf(expression);
  const name = alias ? unquote(alias.getText()) : (reference ?? `_col${index}`);
  const type = athenaType(typeOf(expression, types));
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    ...type,
    Nullable: 'UNKNOWN',
    CaseSensitive: type.Type === 'varchar',
  };
}

/** Descends through single-child wrappers to the node that decides the expression's meaning. */
function core(node: TrinoNode): TrinoNode {
  let current = node;
  while (
    current.children?.length === 1 &&
    !/^(FunctionCall|Cast|ColumnReference|ColumnRef|NumericLiteral|StringLiteral)Context$/.test(nodeKind(current))
  ) {
    current = current.children[0];
  }
  return current;
}

function columnReferenceOf(expression: TrinoNode): string | undefined {
  const node = core(expression);
  return /^ColumnRef(erence)?Context$/.test(nodeKind(node))
    ? unquote(node.getText().split('.').pop() ?? '')
    : undefined;
}

/** The Hive/Trino type text of an expression, as far as the compiler's vocabulary needs. */
function typeOf(expression: TrinoNode, types: ColumnTypes): string {
  const node = core(expression);
  const children = node.children ?? [];
  const args = children.filter((child) => nodeKind(child) === 'ExpressionContext');
  switch (nodeKind(node)) {
    case 'ColumnReferenceContext':
    case 'ColumnRefContext':
      return types.get(unquote(node.getText().split('.').pop() ?? '')) ?? 'varchar';
    case 'CastContext':
      return (
        children
          .find((child) => /TypeContext$/.test(nodeKind(child)))
          ?.getText()
          .toLowerCase() ?? 'varchar'
      );
    case 'NumericLiteralContext':
      return /[.eE]/.test(node.getText()) ? 'double' : 'integer';
    case 'ArithmeticBinaryContext':
      return 'double';
    case 'FunctionCallContext':
      return functionType(
        children[0].getText().toLowerCase(),
        args.map((arg) => typeOf(arg, types)),
      );
    default:
      return 'varchar';
  }
}

function functionType(name: string, args: string[]): string {
  switch (name) {
    case 'count':
    case 'strpos':
      return 'bigint';
    case 'sum':
      if (/^(tinyint|smallint|int|integer|bigint)$/.test(args[0] ?? '')) return 'bigint';
      if (args[0]?.startsWith('decimal')) return args[0].replace(/\(\s*\d+/, '(38');
      return args[0] === 'float' || args[0] === 'real' ? 'real' : 'double';
    case 'min':
    case 'max':
    case 'coalesce':
      return args[0] ?? 'varchar';
    case 'at_timezone':
    case 'from_iso8601_timestamp':
      return 'timestamp with time zone';
    case 'regexp_like':
      return 'boolean';
    default:
      return 'varchar';
  }
}

/** Athena's ColumnInfo type names (GetQueryResults `ColumnInfo.Type`): Trino names, decimal split into fields. */
function athenaType(hive: string): Pick<ColumnInfo, 'Type' | 'Precision' | 'Scale'> {
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(hive);
  if (decimal) return { Type: 'decimal', Precision: Number(decimal[1]), Scale: Number(decimal[2]) };
  if (/^(string|varchar)/.test(hive)) return { Type: 'varchar', Precision: 2147483647, Scale: 0 };
  if (hive.startsWith('char')) return { Type: 'char', Precision: Number(/\d+/.exec(hive)?.[0] ?? 1), Scale: 0 };
  if (hive === 'int' || hive === 'integer') return { Type: 'integer', Precision: 10, Scale: 0 };
  if (hive === 'float') return { Type: 'real', Precision: 17, Scale: 0 };
  if (hive.startsWith('timestamp'))
    return { Type: hive.includes('zone') ? 'timestamp with time zone' : 'timestamp', Precision: 3, Scale: 0 };
  if (hive.startsWith('array')) return { Type: 'array', Precision: 0, Scale: 0 };
  if (hive.startsWith('map')) return { Type: 'map', Precision: 0, Scale: 0 };
  if (hive.startsWith('struct') || hive.startsWith('row')) return { Type: 'row', Precision: 0, Scale: 0 };
  if (hive === 'binary') return { Type: 'varbinary', Precision: 0, Scale: 0 };
  const precision: Record<string, number> = {
    bigint: 19,
    double: 17,
    boolean: 0,
    date: 0,
    tinyint: 3,
    smallint: 5,
    json: 0,
    real: 17,
  };
  return { Type: hive, Precision: precision[hive] ?? 0, Scale: 0 };
}
