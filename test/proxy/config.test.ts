import { loadServiceSettings } from '../../proxy/src/config';

describe('loadServiceSettings', () => {
  it('has defaults for everything', () => {
    const s = loadServiceSettings({});
    expect(s).toMatchObject({
      waitBudgetMs: 10_000,
      maxRows: 1_000_000,
      defaultTimeZone: 'UTC',
      maxConcurrentQueries: 25,
    });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it("reads numbers and caps rows at Looker Studio's 1,000,000", () => {
    const s = loadServiceSettings({
      PROXY_WAIT_BUDGET_MS: '2500',
      PROXY_MAX_ROWS: '5000000',
      PROXY_CACHE_TTL_SECONDS: '60',
    });
    expect(s.waitBudgetMs).toBe(2500);
    expect(s.maxRows).toBe(1_000_000);
    expect(s.cacheTtlMs).toBe(60_000);
  });

  it('reads per-table cache TTLs', () => {
    expect(loadServiceSettings({ PROXY_CACHE_TTL_TABLES: 'lake.app_log_1_0_0=30, lake.b=0' }).cacheTtlByTable).toEqual({
      'lake.app_log_1_0_0': 30_000,
      'lake.b': 0,
    });
  });

  it.each([
    ['PROXY_CACHE_TTL_TABLES', 'app_log=30', 'database.table=seconds'],
    ['PROXY_WAIT_BUDGET_MS', 'soon', 'PROXY_WAIT_BUDGET_MS must be an integer'],
    ['PROXY_MAX_ROWS', '0', 'PROXY_MAX_ROWS must be an integer ≥ 1'],
    ['PROXY_DEFAULT_TIME_ZONE', 'Mars/Olympus', 'IANA time zone'],
    ['PROXY_ACCESS_RULES', '{"rules": [', 'PROXY_ACCESS_RULES must be JSON'],
    ['PROXY_TILE_PREFIX', 'tiles', 'PROXY_TILE_PREFIX must be empty or end with "/"'],
  ])('refuses %s=%s with a clear message', (name, value, message) => {
    expect(() => loadServiceSettings({ PROXY_TILE_BUCKET: 'results', [name]: value })).toThrow(message);
  });

  it('reads the handle secret and access rules into the one settings object', () => {
    const rules = { rules: [{ name: 'staff', who: ['@example.com'], tables: ['lake.*'] }] };
    const s = loadServiceSettings({ PROXY_TOKEN_SECRET: 'x'.repeat(32), PROXY_ACCESS_RULES: JSON.stringify(rules) });
    expect(s.handleSecret).toBe('x'.repeat(32));
    expect(s.accessRules?.rules.map((r) => r.name)).toEqual(['staff']);
    expect(loadServiceSettings({})).not.toHaveProperty('accessRules');
  });

  it('reads the S3 tile bucket and prefix (default tiles/); PROXY_TILES=off turns them off', () => {
    expect(loadServiceSettings({})).not.toHaveProperty('tileBucket');
    expect(loadServiceSettings({ PROXY_TILE_BUCKET: 'results' }).tileBucket).toEqual({
      bucket: 'results',
      prefix: 'tiles/',
    });
    const custom = loadServiceSettings({ PROXY_TILE_BUCKET: 'results', PROXY_TILE_PREFIX: 'shared/tiles/' });
    expect(custom.tileBucket).toEqual({ bucket: 'results', prefix: 'shared/tiles/' });
    expect(loadServiceSettings({ PROXY_TILE_BUCKET: 'results', PROXY_TILES: 'off' })).not.toHaveProperty('tileBucket');
  });
});
