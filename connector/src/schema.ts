/** getSchema: the proxy already describes the table as Looker Studio fields (proxy/src/contract.ts). */
import type { TableSchemaResponse } from '../../proxy/src/contract';
import type { ConnectorConfig } from './connectorConfig';
import type { ProxyClient } from './proxyClient';

/** GET /v1/databases/{db}/tables/{table}, with `?aggregate=false` for raw rows. */
export function fetchTableSchema(client: ProxyClient, database: string, table: string, aggregate = true): TableSchemaResponse {
  const path = `/v1/databases/${encodeURIComponent(database)}/tables/${encodeURIComponent(table)}`;
  return client.send<TableSchemaResponse>({ method: 'get', path: aggregate ? path : `${path}?aggregate=false` }).body;
}

/** The getSchema response for a configured data source. */
export function describeSchema(client: ProxyClient, config: ConnectorConfig): { schema: TableSchemaResponse['fields'] } {
  return { schema: fetchTableSchema(client, config.database, config.table, config.aggregate).fields };
}
