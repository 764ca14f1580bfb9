import { matchRoute } from '../../../proxy/src/http/routes';
import { MethodNotAllowedError, NotFoundError } from '../../../proxy/src/errors';

describe('matchRoute', () => {
  it.each([
    ['GET', '/v1/health', { name: 'health' }],
    ['GET', '/v1/catalog/', { name: 'catalog' }],
    [
      'GET',
      '/v1/databases/lake/tables/food_pickup_1_0_0',
      { name: 'tableSchema', database: 'lake', table: 'food_pickup_1_0_0' },
    ],
    ['GET', '/v1/databases/my%20db/tables/t', { name: 'tableSchema', database: 'my db', table: 't' }],
    ['POST', '/v1/queries', { name: 'startQuery' }],
    ['get', '/v1/queries/abc', { name: 'getQuery', queryId: 'abc' }],
    ['DELETE', '/v1/queries/abc', { name: 'cancelQuery', queryId: 'abc' }],
  ])('%s %s', (method, path, route) => {
    expect(matchRoute(method, path)).toEqual(route);
  });

  it.each([
    ['GET', '/'],
    ['GET', '/v2/health'],
    ['GET', '/v1/databases/a/tables'],
    ['GET', '/v1/queries/a/b'],
  ])('404 for %s %s', (method, path) => {
    expect(() => matchRoute(method, path)).toThrow(NotFoundError);
  });

  it.each([
    ['POST', '/v1/health'],
    ['PUT', '/v1/queries'],
    ['POST', '/v1/queries/abc'],
  ])('405 for %s %s', (method, path) => {
    expect(() => matchRoute(method, path)).toThrow(MethodNotAllowedError);
  });
});
