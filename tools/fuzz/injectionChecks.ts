/**
 * The injection invariants, as functions that throw an Error describing the first violation. Shared by the jest
 * properties (test/security/injection*.test.ts) and the full-size run (tools/fuzz/cli.ts).
 */
import type { TableDescription } from '../../proxy/src/port';
import { ProxyError } from '../../proxy/src/errors';
import type { QueryService } from '../../proxy/src/service';
import { parseQuerySpec } from '../../proxy/src/service';
import { compileBody, predictRefusal, type CompileOutcome } from './fuzzCompile';
import { expectedIdentifierError, identifierSpec, type IdentifierCase } from './identifierCases';
import type { RecordingEngine } from './recordingEngine';
import { benignSpec, hostileSpec, unfilteredSpec, type SpecBody, type ValueCase } from './specCases';
import { analyzeSql, toParserDialect, type SqlAnalysis } from './sqlShape';

/** Generated cases per property: env FUZZ_RUNS (scaled per property by `share`), else the property's default. */
export function fuzzRuns(fallback: number, share = 1): number {
  const configured = Number(process.env.FUZZ_RUNS);
  return Number.isSafeInteger(configured) && configured > 0 ? Math.max(1, Math.round(configured * share)) : fallback;
}

const referenceShapes = new Map<string, string>();

function fail(problem: string, context: unknown): never {
  throw new Error(`${problem}\n${JSON.stringify(context).slice(0, 3000)}`);
}

/** Shapes of reference SQL repeat a lot (few skeletons, fixed benign values), so they are parsed once. */
function referenceShape(sql: string): string {
  let shape = referenceShapes.get(sql);
  if (shape === undefined) {
    shape = analyzeSql(sql).shape;
    if (referenceShapes.size > 20_000) referenceShapes.clear();
    referenceShapes.set(sql, shape);
  }
  return shape;
}

function compileReference(body: SpecBody) {
  const outcome = compileBody(body);
  if (!outcome.ok) fail(`the benign reference spec was refused: ${outcome.error.message}`, body);
  return outcome.compiled;
}

function parseOrFail(sql: string): SqlAnalysis {
  try {
    return analyzeSql(sql);
  } catch (error) {
    return fail(`compiled SQL does not parse as one SELECT: ${(error as Error).message.slice(0, 200)}`, sql);
  }
}

/** Only the requested table is named, and only its columns. */
function checkReferences(sql: string, table: TableDescription, analysis = analyzeSql(sql)): void {
  const { tables, columns } = analysis;
  if (tables.length !== 1 || tables[0] !== `select::${table.database}::${table.table}`)
    fail('SQL names other tables', { tables, sql });
  const known = new Set(table.columns.map((c) => c.name));
  const stray = columns.map((c) => c.replace(/^select::null::/, '')).filter((c) => !known.has(c));
  if (stray.length > 0) fail('SQL references unknown columns', { stray, sql });
}

/** Values of applied text-dimension EQUALS/IN_LIST/CONTAINS clauses reach the SQL whole, as one literal each. */
function checkTextLiterals(c: ValueCase, sql: string, analysis: SqlAnalysis): void {
  const literals = new Set(analysis.textLiterals);
  c.skeleton.groups.flat().forEach((clause, i) => {
    const isText = clause.field.semantics.semanticType === 'TEXT' && clause.field.semantics.conceptType === 'DIMENSION';
    if (!isText || !['EQUALS', 'IN_LIST', 'CONTAINS'].includes(clause.operator)) return;
    for (const value of c.values[i]) {
      if (!literals.has(toParserDialect(value)))
        fail('a filter value did not arrive as one whole literal', { value, sql });
    }
  });
}

/** Checks one hostile-value case; returns the outcome so callers can run the SQL on an engine. */
export function checkValueCase(c: ValueCase): CompileOutcome {
  const body = hostileSpec(c);
  const outcome = compileBody(body);
  const { reasons, zone } = predictRefusal(c);
  if (!outcome.ok) {
    const { error } = outcome;
    if (error.status !== 400 || error.code !== 'INVALID_REQUEST')
      fail(`refused with ${error.code} ${error.status}`, body);
    if (reasons.length === 0 && zone !== 'invalid' && zone !== 'either')
      fail(`refused a spec that must compile: ${error.message}`, body);
    return outcome;
  }
  if (reasons.length > 0) fail(`compiled a spec that must be refused (${reasons.join(', ')})`, body);
  const usedZone = c.hostileZone ?? c.skeleton.zone;
  const { sql, filtersApplied } = outcome.compiled;
  const reference = compileReference(filtersApplied ? benignSpec(c, usedZone) : unfilteredSpec(c, usedZone));
  if (filtersApplied && !reference.filtersApplied) fail('hostile filters were applied where benign ones are not', body);
  const analysis = parseOrFail(sql);
  if (analysis.shape !== referenceShape(reference.sql))
    fail('SQL structure differs from the reference', { sql, reference: reference.sql });
  checkReferences(sql, c.skeleton.table, analysis);
  if (filtersApplied) checkTextLiterals(c, sql, analysis);
  return outcome;
}

/** Runs a hostile-identifier case through the real QueryService; it must refuse before the engine runs anything. */
export async function checkIdentifierCase(
  c: IdentifierCase,
  service: QueryService,
  engine: RecordingEngine,
): Promise<void> {
  const body = identifierSpec(c);
  const expected = expectedIdentifierError(c);
  const before = engine.started.length;
  let error: unknown;
  try {
    await service.startQuery(parseQuerySpec(JSON.parse(JSON.stringify(body))), { identity: 'fuzz' });
  } catch (caught) {
    error = caught;
  }
  if (engine.started.length !== before) fail('SQL reached the engine', { body, sql: engine.started.slice(before) });
  if (!(error instanceof ProxyError)) fail(`expected ${expected.code}, got ${String(error)}`, body);
  if (error.code !== expected.code || error.status >= 500)
    fail(`expected ${expected.code}, got ${error.code}: ${error.message}`, body);
  if (expected.message && !error.message.includes(expected.message))
    fail(`message does not say "${expected.message}"`, error.message);
  for (const [key, value] of Object.entries(expected.details ?? {})) {
    if (error.details?.[key] !== value)
      fail(`details.${key} does not carry the name back unchanged`, { expected: value, details: error.details });
  }
}
