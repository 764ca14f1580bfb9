/**
 * The proxy's request path up to the SQL, without HTTP or an engine: JSON round trip → parseQuerySpec → catalog
 * lookup → compileQuery, exactly the order of QueryService.startQuery. Plus an independent prediction of which
 * hostile specs must be refused, so acceptance and refusal are both checked.
 */
import { compileQuery, type CompiledQuery } from '../../proxy/src/sql';
import type { TableDescription } from '../../proxy/src/port';
import { ProxyError, UnknownDatabaseError, UnknownTableError } from '../../proxy/src/errors';
import { parseQuerySpec } from '../../proxy/src/service';
import { VALID_TIME_ZONES } from './corpus';
import { ALL_TABLES, FUZZ_DATABASE } from './fuzzTables';
import type { SpecBody, ValueCase } from './specCases';

export type CompileOutcome = { ok: true; compiled: CompiledQuery } | { ok: false; error: ProxyError };

/** The service's limits (config.ts defaults). */
const OPTIONS = { maxRows: 1_000_000, sampleRows: 20 };

/** The fuzz catalog's answer, with the engines' errors for names it does not have. */
export function lookupTable(database: string, table: string): TableDescription {
  if (database !== FUZZ_DATABASE) throw new UnknownDatabaseError(database);
  const found = ALL_TABLES.find((t) => t.table === table);
  if (!found) throw new UnknownTableError(database, table);
  return found;
}

/** Compiles a request body as the proxy would; any non-ProxyError escaping is a bug and is rethrown. */
export function compileBody(body: SpecBody): CompileOutcome {
  try {
    const spec = parseQuerySpec(JSON.parse(JSON.stringify(body)));
    return { ok: true, compiled: compileQuery(spec, lookupTable(spec.database, spec.table), OPTIONS) };
  } catch (error) {
    if (error instanceof ProxyError) return { ok: false, error };
    throw error;
  }
}

/** Whether a string is well-formed UTF-16 (encodeURIComponent throws on lone surrogates). */
function isWellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** A real `YYYY-MM-DD` date in the compiler's year range 1000–9998. */
function isRealIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && year <= 9998 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What the proxy must do with a time zone: a known zone passes, a name with impossible characters is refused. */
export function judgeZone(zone: string | undefined): 'valid' | 'invalid' | 'either' {
  if (zone === undefined || VALID_TIME_ZONES.includes(zone)) return 'valid';
  if (zone === '' || zone.length > 10_000 || /[^A-Za-z0-9_+\-/]/.test(zone)) return 'invalid';
  return 'either';
}

/** Reasons the hostile spec must be refused with a 400 (empty: it must compile), and the zone's verdict. */
export function predictRefusal(c: ValueCase): { reasons: string[]; zone: 'valid' | 'invalid' | 'either' } {
  const reasons: string[] = [];
  const values = c.values.flat();
  if (values.some((v) => v.includes('\u0000') || !isWellFormed(v))) reasons.push('unsafe filter value');
  if (values.some((v) => v.length > 10_000)) reasons.push('filter value too long');
  if (c.skeleton.hasRange) {
    const { startDate, endDate } = c.dateRange;
    if (!isRealIsoDate(startDate) || !isRealIsoDate(endDate)) reasons.push('invalid date');
    else if (startDate > endDate) reasons.push('reversed date range');
  }
  const zone = judgeZone(c.hostileZone);
  if (zone === 'invalid') reasons.push('invalid time zone');
  return { reasons, zone };
}
