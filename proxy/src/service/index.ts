/** The query service: catalog, cache, coalescing, admission, sealed query handles and result pages. */
export { createQueryService } from './createQueryService';
export { parseQuerySpec } from './parseQuerySpec';
export { type Caller, type QueryService } from './queryService';
