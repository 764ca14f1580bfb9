/**
 * Looker Studio's request and response shapes for the entry points (docs/reference-looker-studio.md#entry-points and
 * the sections after it). Everything arrives as JSON; config values are strings (checkboxes "true"), so the parsers
 * treat them as untrusted.
 */
import type { DataType, FilterClause, LookerField, LookerValue } from '../../protocol/contract';

/** Answers so far; absent on the first getConfig call. */
export type ConfigParams = Record<string, string | undefined>;

/** getConfig request; `languageCode` is the user's UI language. */
export interface GetConfigRequest {
  languageCode?: string;
  configParams?: ConfigParams;
}

/** getSchema request. */
export interface GetSchemaRequest {
  configParams?: ConfigParams;
}

/** getSchema response: the fields as Looker field JSON. */
export interface GetSchemaResponse {
  schema: LookerField[];
}

/**
 * getData request (docs/reference-looker-studio.md#getdata-request); more than 20 fields arrive as several independent
 * requests.
 */
export interface GetDataRequest {
  configParams?: ConfigParams;
  scriptParams?: { sampleExtraction?: boolean; lastRefresh?: string };
  dateRange?: { startDate: string; endDate: string };
  fields: { name: string; forFilterOnly?: boolean }[];
  dimensionsFilters?: FilterClause[][];
}

/**
 * getData response (docs/reference-looker-studio.md#getdata-response): schema and every row's values in the same order.
 */
export interface GetDataResponse {
  schema: { name: string; dataType: DataType }[];
  rows: { values: LookerValue[] }[];
  filtersApplied: boolean;
}

/**
 * setCredentials for PATH_USER_PASS: `request.pathUserPass` (docs/reference-looker-studio.md#auth-types; the official
 * sample's `userPass` is wrong).
 */
export interface SetCredentialsRequest {
  pathUserPass?: { path?: string; username?: string; password?: string };
}

/** setCredentials response: exactly one of the two codes. */
export interface SetCredentialsResponse {
  errorCode: 'NONE' | 'INVALID_CREDENTIALS';
}
