/** The signed proxy client: one call, retries with back-off, and polling a query to its answer. */
export { clientFor, ProxyClient, type ProxyCredentials } from './proxyClient';
export { parseProxyUrl } from './proxyEndpoint';
export { type QueryOutcome, runQuery } from './queryRunner';
