/** The engine's per-SQL memory of tables and result types (proxy/src/engines/duckdb/sqlShapes.ts). */
import { SqlShapeCache, type SqlShape } from '../../../../proxy/src/engines/duckdb/sqlShapes';

const shape = (table: string): SqlShape => ({ tables: [{ schema: 'lake', table }], types: [] });

it('remembers a shape per exact SQL text', () => {
  const cache = new SqlShapeCache();
  const first = cache.get('SELECT 1');
  expect(first.shape).toBeUndefined();
  cache.set('SELECT 1', shape('a'), first.ticket);
  expect(cache.get('SELECT 1').shape).toEqual(shape('a'));
  expect(cache.get('SELECT 1 ').shape).toBeUndefined();
});

it('forgets everything on clear, and drops a shape learnt across a clear (the lake changed meanwhile)', () => {
  const cache = new SqlShapeCache();
  cache.set('SELECT 1', shape('a'), cache.get('SELECT 1').ticket);
  const stale = cache.get('SELECT 2').ticket;
  cache.clear();
  expect(cache.get('SELECT 1').shape).toBeUndefined();
  cache.set('SELECT 2', shape('b'), stale);
  expect(cache.get('SELECT 2').shape).toBeUndefined();
});

it('stays within its character budget, dropping the least recently used first', () => {
  const cache = new SqlShapeCache(40);
  const put = (sql: string) => cache.set(sql, shape(sql), cache.get(sql).ticket);
  put('SELECT 1 -- aaaa');
  put('SELECT 2 -- bbbb');
  cache.get('SELECT 1 -- aaaa'); // used again: now the newest
  put('SELECT 3 -- cccc');
  expect(cache.get('SELECT 1 -- aaaa').shape).toBeDefined();
  expect(cache.get('SELECT 2 -- bbbb').shape).toBeUndefined();
  expect(cache.get('SELECT 3 -- cccc').shape).toBeDefined();
  put('x'.repeat(41));
  expect(cache.get('x'.repeat(41)).shape).toBeUndefined();
});
