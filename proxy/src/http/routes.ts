/**
 * The v1 routes: path + method → use case. Pure matching; the handler does parsing, auth and error mapping.
 * Path segments are matched after URL-decoding; names are checked against the catalog by the service, so
 * routing only rejects what can never be valid.
 */
import { ROUTE_PATTERNS } from '../../../protocol/routes';
import { MethodNotAllowedError, NotFoundError } from '../errors';

export type Route =
  | { name: 'health' }
  | { name: 'catalog' }
  | { name: 'tableSchema'; database: string; table: string }
  | { name: 'startQuery' }
  | { name: 'getQuery'; queryId: string }
  | { name: 'cancelQuery'; queryId: string }
  | { name: 'ingestEvents' };

interface RouteSpec {
  pattern: RegExp;
  methods: Record<string, (m: string[]) => Route>;
}

const ROUTES: RouteSpec[] = [
  { pattern: ROUTE_PATTERNS.health, methods: { GET: () => ({ name: 'health' }) } },
  { pattern: ROUTE_PATTERNS.catalog, methods: { GET: () => ({ name: 'catalog' }) } },
  {
    pattern: ROUTE_PATTERNS.tableSchema,
    methods: { GET: (m) => ({ name: 'tableSchema', database: m[0], table: m[1] }) },
  },
  { pattern: ROUTE_PATTERNS.queries, methods: { POST: () => ({ name: 'startQuery' }) } },
  { pattern: ROUTE_PATTERNS.events, methods: { POST: () => ({ name: 'ingestEvents' }) } },
  {
    pattern: ROUTE_PATTERNS.query,
    methods: {
      GET: (m) => ({ name: 'getQuery', queryId: m[0] }),
      DELETE: (m) => ({ name: 'cancelQuery', queryId: m[0] }),
    },
  },
];

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // stays undecoded; the catalog lookup will then report it as unknown
  }
}

/** Finds the route for a request, or throws NotFoundError / MethodNotAllowedError. */
export function matchRoute(method: string, path: string): Route {
  const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  for (const route of ROUTES) {
    const match = route.pattern.exec(normalized);
    if (!match) continue;
    const verb = method.toUpperCase();
    const build = Object.hasOwn(route.methods, verb) ? route.methods[verb] : undefined;
    if (!build) throw new MethodNotAllowedError(method.toUpperCase(), normalized);
    return build(match.slice(1).map(decodeSegment));
  }
  throw new NotFoundError(normalized.slice(0, 200));
}
