import { loadDuckDbSettings } from '../../../../proxy/src/engines/duckdb/settings';

describe('loadDuckDbSettings', () => {
  it('bounds DuckDB memory by default and accepts sizes and thread counts', () => {
    expect(loadDuckDbSettings({ PROXY_LAKE_DIR: 'lake' })).toEqual({
      lakeDir: 'lake',
      database: 'lake',
      memoryLimit: '256MB',
      threads: undefined,
    });
    expect(
      loadDuckDbSettings({
        PROXY_LAKE_DIR: 'l',
        PROXY_DATABASE: 'db',
        PROXY_DUCKDB_MEMORY_LIMIT: '2GB',
        PROXY_DUCKDB_THREADS: '2',
      }),
    ).toEqual({ lakeDir: 'l', database: 'db', memoryLimit: '2GB', threads: 2 });
  });

  it('needs a lake folder', () => {
    expect(() => loadDuckDbSettings({})).toThrow('PROXY_LAKE_DIR is required');
  });

  it.each([
    ['PROXY_DUCKDB_MEMORY_LIMIT', 'lots'],
    ['PROXY_DUCKDB_THREADS', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadDuckDbSettings({ PROXY_LAKE_DIR: 'lake', [name]: value })).toThrow(name);
  });
});
