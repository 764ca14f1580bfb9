/** What Looker Studio asks for and gets: the query spec built from a request, the schema, the getData answer. */
export { toGetDataResponse } from './dataResponse';
export { buildQuerySpec } from './querySpec';
export { describeSchema, fetchTableSchema } from './schema';
