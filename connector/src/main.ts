/**
 * Looker Studio community connector entry points (https://developers.google.com/looker-studio/connector/reference).
 * Each one builds the Apps Script services and runs one use case inside the error boundary; the build script
 * (tools/build/buildConnector.ts) turns these exports into top-level functions of the Apps Script file.
 */
import { describeAuthType, forgetCredentials, hasValidCredentials, storeCredentials } from './auth';
import { withErrorBoundary } from './errorBoundary';
import { createGasServices } from './gas';
import type {
  GetConfigRequest,
  GetDataRequest,
  GetDataResponse,
  GetSchemaRequest,
  GetSchemaResponse,
  SetCredentialsRequest,
  SetCredentialsResponse,
} from './lookerTypes';
import { buildConfig, buildSchema, fetchData } from './operations';
import { isAdminEmail, readSettings } from './config';

/** Auth type PATH_USER_PASS: proxy URL, access key id, secret access key. */
export function getAuthType(): unknown {
  return withErrorBoundary('getAuthType', createGasServices, describeAuthType);
}

/** The stepped data source configuration; `request.configParams` is undefined on the first call. */
export function getConfig(request: GetConfigRequest): unknown {
  return withErrorBoundary('getConfig', createGasServices, (services) => buildConfig(request, services));
}

/** The table's fields: the aggregation-pushdown schema, or raw columns when configured. */
export function getSchema(request: GetSchemaRequest): GetSchemaResponse {
  return withErrorBoundary('getSchema', createGasServices, (services) => buildSchema(request, services));
}

/** Rows for the requested fields, filters and date range, in the requested field order. */
export function getData(request: GetDataRequest): GetDataResponse {
  return withErrorBoundary('getData', createGasServices, (services) => fetchData(request, services));
}

/** Admins (script property ADMIN_EMAILS) see debug text in errors; everyone else does not. */
export function isAdminUser(): boolean {
  return withErrorBoundary('isAdminUser', createGasServices, (services) =>
    isAdminEmail(services.sessionEmail(), readSettings(services.scriptProperties)),
  );
}

/** Whether stored credentials exist and the proxy has not started rejecting them. */
export function isAuthValid(): boolean {
  return withErrorBoundary('isAuthValid', createGasServices, hasValidCredentials);
}

/** Validates the credentials against the proxy, then stores them in the user's properties. */
export function setCredentials(request: SetCredentialsRequest): SetCredentialsResponse {
  return withErrorBoundary('setCredentials', createGasServices, (services) => storeCredentials(request, services));
}

/** Forgets the user's credentials. */
export function resetAuth(): void {
  withErrorBoundary('resetAuth', createGasServices, forgetCredentials);
}
