/**
 * The proxy's one logger: structured records, one JSON line each, with a level and an event name. Records of one
 * request carry its `requestId` (the handler adds it), so a request, its query and its engine's messages can be
 * joined in CloudWatch or a local terminal. Records never hold secrets, tokens or SQL literals: callers log ids and
 * figures only.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  /** A stable snake_case name (`request`, `query`, `auth_rejected`, …) that log queries can filter on. */
  event: string;
  requestId?: string;
  [field: string]: unknown;
}

/** A log sink. Any function taking a record is a logger, so tests can collect records in an array. */
export type Logger = (record: LogRecord) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Writes records at or above `minLevel` as JSON lines (console.log by default: CloudWatch Logs in Lambda). */
export function createJsonLogger(
  write: (line: string) => void = (line) => console.log(line),
  minLevel: LogLevel = 'info',
): Logger {
  return (record) => {
    if (RANK[record.level] >= RANK[minLevel]) write(JSON.stringify({ time: new Date().toISOString(), ...record }));
  };
}

/** `PROXY_LOG_LEVEL` (debug, info, warn, error), default info. */
export function logLevelOf(env: Record<string, string | undefined>): LogLevel {
  const level = env.PROXY_LOG_LEVEL || 'info';
  if (!Object.hasOwn(RANK, level))
    throw new Error(`PROXY_LOG_LEVEL must be debug, info, warn or error (got "${level}")`);
  return level as LogLevel;
}
