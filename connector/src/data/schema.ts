/** getSchema: the proxy already describes the table as Looker Studio fields (protocol/contract.ts). */
import type { TableSchemaResponse } from '../../../protocol/contract';
import type { ConnectorConfig } from '../config';
import type { ProxyClient } from '../client';
import { apiPath } from '../../../protocol/routes';

/** GET /v1/databases/{db}/tables/{table}, with `?aggregate=false` for raw rows. */
export function fetchTableSchema(
  client: ProxyClient,
  database: string,
  table: string,
  aggregate = true,
): TableSchemaResponse {
  return client.send<TableSchemaResponse>({ method: 'get', path: apiPath.tableSchema(database, table, aggregate) })
    .body;
}

/** The getSchema response for a configured data source. */
export function describeSchema(
  client: ProxyClient,
  config: ConnectorConfig,
): { schema: TableSchemaResponse['fields'] } {
  return { schema: fetchTableSchema(client, config.database, config.table, config.aggregate).fields };
}
