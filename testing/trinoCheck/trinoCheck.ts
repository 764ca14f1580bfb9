/**
 * Checks SQL the way Athena's engine (Trino) would before running it: the Trino grammar (dt-sql-parser's TrinoSQL,
 * generated from Trino's own SqlBase.g4), exactly one statement, then the post-parse rules of trinoRules.ts over
 * the parse tree — BIGINT and DECIMAL(38) literal ranges, known functions and arities, date_format specifiers,
 * zone names, typed literal validity, cast types, non-empty quoted identifiers, and the query length limit.
 *
 * A dev tool: the Athena API double refuses what it rejects, and the test suites pass every compiled statement
 * through {@link assertTrinoValid} (docs/athena.md#trino-checks). Product code never imports it.
 */
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino';
import {
  checkCastType,
  checkDecimalLiteral,
  checkFunctionCall,
  checkIntegerLiteral,
  checkLength,
  checkTypedLiteral,
  checkZone,
} from './trinoRules';

type Node = TrinoNode;

const parser = new TrinoSQL();
let checked = 0;

/** Recent verdicts and the last tree: the same statement is often checked twice (compiler hook, then the double). */
const verdicts = new Map<string, string[]>();
const VERDICTS_KEPT = 64;
let lastTree: { sql: string; tree: Node } | undefined;

/** Every problem Trino would report for `sql` (empty when it would accept it). */
export function trinoProblems(sql: string): string[] {
  const known = verdicts.get(sql);
  if (known) return [...known];
  const problems = checkLength(sql);
  const syntax: string[] = [];
  const tree = parser.parse(sql, (error) =>
    syntax.push(`line ${error.startLine}:${error.startColumn}: ${error.message}`),
  );
  if (syntax.length > 0) {
    problems.push(...syntax);
  } else {
    lastTree = { sql, tree: tree as unknown as Node };
    const statements = countStatements(lastTree.tree);
    if (statements !== 1) problems.push(`expected exactly one statement, found ${statements}`);
    walk(lastTree.tree, problems);
  }
  if (verdicts.size >= VERDICTS_KEPT) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(sql, problems);
  return [...problems];
}

/** A parse-tree node as the checks and the Athena double read it (antlr4ng contexts and terminals). */
export interface TrinoNode {
  children?: TrinoNode[] | null;
  getText(): string;
  start?: { start: number } | null;
  stop?: { stop: number } | null;
}

/** The parse tree of `sql` (call only after {@link trinoProblems} found nothing). */
export function parseTrino(sql: string): TrinoNode {
  if (lastTree?.sql === sql) return lastTree.tree;
  return parser.parse(sql);
}

/** The node's class name (`FunctionCallContext`, `SelectItemContext`, …). */
export function nodeKind(node: TrinoNode): string {
  return node.constructor.name;
}

/** Throws (with the problems and the SQL) unless Trino would accept `sql`; counts the statements checked. */
export function assertTrinoValid(sql: string): void {
  checked += 1;
  const problems = trinoProblems(sql);
  if (problems.length > 0) {
    throw new Error(`Trino would refuse this statement: ${problems.join('; ')}\n${sql.slice(0, 2000)}`);
  }
}

/** Statements passed through {@link assertTrinoValid} in this process. */
export function trinoCheckedCount(): number {
  return checked;
}

function kind(node: Node): string {
  return node.constructor.name;
}

function countStatements(tree: Node): number {
  let count = 0;
  const visit = (node: Node) => {
    if (kind(node) === 'SingleStatementContext') count += 1;
    else node.children?.forEach(visit);
  };
  visit(tree);
  return count;
}

/** The value of a plain string literal node ('…' with '' undoubled), or undefined for anything else. */
function stringValue(node: Node): string | undefined {
  const text = node.getText();
  if (!/^'(?:[^']|'')*'$/.test(text)) return undefined;
  return text.slice(1, -1).replace(/''/g, "'");
}

function walk(node: Node, problems: string[]): void {
  const children = node.children ?? [];
  switch (kind(node)) {
    case 'IntegerLiteralContext':
      problems.push(...checkIntegerLiteral(node.getText()));
      break;
    case 'DecimalLiteralContext':
      problems.push(...checkDecimalLiteral(node.getText()));
      break;
    case 'QuotedIdentifierContext':
      if (node.getText() === '""') problems.push('a quoted identifier is empty');
      break;
    case 'TypeConstructorContext':
      problems.push(...checkTypedLiteral(children[0].getText(), stringValue(children[children.length - 1]) ?? ''));
      break;
    case 'CastContext':
      problems.push(
        ...checkCastType(
          children
            .find((child) => kind(child) === 'GenericTypeContext' || /TypeContext$/.test(kind(child)))
            ?.getText() ?? '?',
        ),
      );
      break;
    case 'TimeZoneStringContext':
      problems.push(...checkZone(stringValue(children[children.length - 1]) ?? ''));
      break;
    case 'FunctionCallContext': {
      const args = children.filter((child) => kind(child) === 'ExpressionContext');
      const star = children.some((child) => child.getText() === '*' && !child.children);
      problems.push(...checkFunctionCall(children[0].getText(), args.length, star, args.map(literalOf)));
      break;
    }
    default:
      break;
  }
  children.forEach((child) => walk(child, problems));
}

/** A function argument that is just a string literal, as its value. */
function literalOf(expression: Node): string | undefined {
  let node: Node | undefined = expression;
  while (node && node.children?.length === 1 && kind(node) !== 'BasicStringLiteralContext') node = node.children[0];
  return node && kind(node) === 'BasicStringLiteralContext' ? stringValue(node) : undefined;
}
