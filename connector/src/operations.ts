/**
 * The connector's use cases behind the Looker Studio entry points: each parses its request, talks to the proxy
 * through ports and returns the JSON Looker Studio expects. No Apps Script global is touched here.
 */
import type { CatalogResponse } from '../../protocol/contract';
import { parseConnectorConfig } from './config';
import { renderConfig } from './config';
import { buildConfigStep } from './config';
import { toGetDataResponse } from './data';
import { ConnectorError } from './errors';
import type {
  GetConfigRequest,
  GetDataRequest,
  GetDataResponse,
  GetSchemaRequest,
  GetSchemaResponse,
} from './lookerTypes';
import type { ConnectorServices } from './ports';
import { openProxyClient } from './proxySession';
import { buildQuerySpec } from './data';
import { runQuery } from './client';
import { describeSchema, fetchTableSchema } from './data';
import { apiPath } from '../../protocol/routes';

/** getConfig: the next step of the stepped configuration. */
export function buildConfig(request: GetConfigRequest | undefined, services: ConnectorServices): unknown {
  const client = openProxyClient(services);
  const step = buildConfigStep(request?.configParams, {
    catalog: () => client.send<CatalogResponse>({ method: 'get', path: apiPath.catalog() }).body,
    tableSchema: (database, table) => fetchTableSchema(client, database, table),
  });
  return renderConfig(services.looker, step);
}

/** getSchema: the table's fields as the proxy describes them. */
export function buildSchema(request: GetSchemaRequest | undefined, services: ConnectorServices): GetSchemaResponse {
  const config = parseConnectorConfig(request?.configParams);
  return describeSchema(openProxyClient(services), config);
}

/** getData: runs the structured query and returns the rows in the requested field order. */
export function fetchData(request: GetDataRequest, services: ConnectorServices): GetDataResponse {
  if (!request || !Array.isArray(request.fields) || request.fields.length === 0) {
    throw new ConnectorError('Looker Studio asked for data without naming any field.', JSON.stringify(request?.fields));
  }
  const config = parseConnectorConfig(request.configParams);
  const spec = buildQuerySpec(request, config);
  return toGetDataResponse(spec, runQuery(openProxyClient(services), spec, services));
}
