/**
 * The data source's configuration: parsed from Looker Studio's `configParams` (all strings,
 * docs/reference-looker-studio.md#getconfig-and-stepped-configuration) into a typed, validated {@link ConnectorConfig}.
 * Shared by the stepped config (which validates each answer) and by getSchema/getData (which trust nothing they
 * receive).
 */
import { ConnectorError } from '../errors';
import type { ConfigParams } from '../lookerTypes';

/** Config entry ids: stable forever, since saved data sources store answers under them. */
export const CONFIG_IDS = {
  database: 'database',
  table: 'table',
  dateColumn: 'dateColumn',
  timeZone: 'timeZone',
  rowLimit: 'rowLimit',
  rawRows: 'rawRows',
  cacheMinutes: 'cacheMinutes',
} as const;

/** Option value meaning "no date-range column" (a valid option value: no spaces or commas). */
export const NO_DATE_COLUMN = '(none)';
/** Time zone of date ranges and date/time values when none is configured. */
export const DEFAULT_TIME_ZONE = 'UTC';
/** Cache lifetime: default (the proxy's default TTL) and maximum (the proxy's MAX_CACHE_AGE_SECONDS), minutes. */
export const DEFAULT_CACHE_MINUTES = 5;
export const MAX_CACHE_MINUTES = 60;
/** Looker Studio's getData ceiling (docs/reference-looker-studio.md#getdata-response) and our default. */
export const MAX_ROW_LIMIT = 1_000_000;

/** A data source's validated configuration. */
export interface ConnectorConfig {
  database: string;
  table: string;
  /** The date-range column, or undefined for none. */
  dateColumn?: string;
  timeZone: string;
  rowLimit: number;
  /** Aggregation pushdown (default) versus raw rows. */
  aggregate: boolean;
  /** How old a cached result may be, in minutes (0: always query). */
  cacheMinutes: number;
}

const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** A config answer, with '' treated as unanswered (whether Looker Studio sends '' or omits it is UNCONFIRMED). */
export function answerOf(params: ConfigParams | undefined, id: string): string | undefined {
  const value = params?.[id];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** IANA-style zone name (existence is checked by the proxy's engine); default UTC. */
export function parseTimeZone(text: string | undefined): string {
  if (text === undefined) return DEFAULT_TIME_ZONE;
  if (text.length > 64 || !TIME_ZONE.test(text)) {
    throw new ConnectorError(
      `"${text}" is not a time zone name. Use an IANA name such as UTC, Europe/Berlin or America/New_York.`,
    );
  }
  return text;
}

/** Whole number 1…1,000,000; default 1,000,000. */
export function parseRowLimit(text: string | undefined): number {
  if (text === undefined) return MAX_ROW_LIMIT;
  const limit = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_ROW_LIMIT)) {
    throw new ConnectorError(`The row limit must be a whole number from 1 to ${MAX_ROW_LIMIT} (got "${text}").`);
  }
  return limit;
}

/** Whole number 0…60; default 5. */
export function parseCacheMinutes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CACHE_MINUTES;
  const minutes = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (!(minutes >= 0 && minutes <= MAX_CACHE_MINUTES)) {
    throw new ConnectorError(
      `The cache lifetime must be a whole number of minutes from 0 to ${MAX_CACHE_MINUTES} (got "${text}").`,
    );
  }
  return minutes;
}

/**
 * Checkbox answers arrive as "true"/"false" strings
 * (docs/reference-looker-studio.md#getconfig-and-stepped-configuration); anything but "true" is unchecked.
 */
export function parseCheckbox(text: string | undefined): boolean {
  return text === 'true';
}

/** The full configuration getSchema and getData need; throws a user error when it is incomplete or invalid. */
export function parseConnectorConfig(params: ConfigParams | undefined): ConnectorConfig {
  const database = answerOf(params, CONFIG_IDS.database);
  const table = answerOf(params, CONFIG_IDS.table);
  if (!database || !table) {
    throw new ConnectorError('The data source is not fully configured: edit it and pick a database and a table.');
  }
  const dateColumn = answerOf(params, CONFIG_IDS.dateColumn);
  return {
    database,
    table,
    ...(dateColumn && dateColumn !== NO_DATE_COLUMN ? { dateColumn } : {}),
    timeZone: parseTimeZone(answerOf(params, CONFIG_IDS.timeZone)),
    rowLimit: parseRowLimit(answerOf(params, CONFIG_IDS.rowLimit)),
    aggregate: !parseCheckbox(answerOf(params, CONFIG_IDS.rawRows)),
    cacheMinutes: parseCacheMinutes(answerOf(params, CONFIG_IDS.cacheMinutes)),
  };
}
