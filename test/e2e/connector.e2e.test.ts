/**
 * End to end, auth → stepped config → a polled, paged query: the BUILT bundle in the Apps Script harness, over real
 * HTTP, against the local proxy with a 0 ms wait budget, so every query answers 202 first
 * (docs/reference-looker-studio.md#conformance-checks, checks 2–4, 12, 13).
 */
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import { E2E_CREDENTIALS, startE2eEnvironment, type E2eEnvironment } from './e2eEnvironment';
import { E2E_ROWS, E2E_TABLE } from './e2eLake';
import { sortById } from './e2eQueries';
import { openReferenceDb } from './referenceSql';

interface ConfigEntry {
  type: string;
  name: string;
  isDynamic?: boolean;
  parameterControl?: { allowOverride: boolean };
  options?: { label: string; value: string }[];
  text?: string;
}
interface ConfigJson {
  configParams: ConfigEntry[];
  isSteppedConfig?: boolean;
  dateRangeRequired?: boolean;
}

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2eEnvironment();
});

afterAll(async () => {
  await env?.close();
});

const secretsIn = (text: string) => text.includes(E2E_CREDENTIALS.secretAccessKey);

describe('auth (PATH_USER_PASS)', () => {
  const attempt = (path: string, username: string, password: string) => {
    const { connector, services } = env.world({ signIn: false });
    const answer = connector.invoke('setCredentials', { pathUserPass: { path, username, password } });
    return { answer, services, connector };
  };

  it('accepts valid credentials with exactly {errorCode: "NONE"}, stored only in user properties', () => {
    const { answer, services, connector } = attempt(
      env.proxyUrl,
      E2E_CREDENTIALS.accessKeyId,
      E2E_CREDENTIALS.secretAccessKey,
    );
    expect(answer).toEqual({ errorCode: 'NONE' });
    expect(connector.invoke('isAuthValid')).toBe(true);
    expect(services.userProperties.getKeys()).toHaveLength(1);
    expect(services.scriptProperties.getKeys()).toEqual([]);
  });

  it.each([
    ['a wrong secret', () => [env.proxyUrl, E2E_CREDENTIALS.accessKeyId, 'wrong-secret']],
    ['an unknown key id', () => [env.proxyUrl, 'AKIDUNKNOWN000000001', E2E_CREDENTIALS.secretAccessKey]],
    [
      'a URL where no proxy listens',
      () => ['http://127.0.0.1:1', E2E_CREDENTIALS.accessKeyId, E2E_CREDENTIALS.secretAccessKey],
    ],
    [
      'a URL that is not the API root',
      () => [`${env.proxyUrl}/v1`, E2E_CREDENTIALS.accessKeyId, E2E_CREDENTIALS.secretAccessKey],
    ],
  ])('rejects %s with exactly {errorCode: "INVALID_CREDENTIALS"} and stores nothing', (_, args) => {
    const [path, username, password] = args();
    const { answer, services, connector } = attempt(path, username, password);
    expect(answer).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
    expect(services.userProperties.getKeys()).toEqual([]);
    expect(connector.invoke('isAuthValid')).toBe(false);
  });

  it('isAuthValid is false after resetAuth, and data calls then fail with a reconnect hint', () => {
    const { connector } = env.world();
    expect(connector.invoke('isAuthValid')).toBe(true);
    expect(connector.invoke('resetAuth')).toBeUndefined();
    expect(connector.invoke('isAuthValid')).toBe(false);
    const outcome = connector.call('getSchema', { configParams: { database: 'lake', table: E2E_TABLE } });
    expect(outcome).toMatchObject({ ok: false, userError: { text: expect.stringMatching(/Reconnect/) } });
  });

  it('keeps the secret out of logs, script properties, cache keys and error texts', () => {
    const { connector, services } = env.world();
    connector.call('getConfig', { languageCode: 'en', configParams: { database: 'nope' } });
    connector.call('getData', {
      configParams: { database: 'lake', table: E2E_TABLE },
      fields: [{ name: 'no_such_field' }],
    });
    const exposed = [
      ...services.logs,
      JSON.stringify(services.scriptProperties.getProperties()),
      ...services.userCache.entries.keys(),
      ...services.scriptCache.entries.keys(),
    ];
    expect(exposed.filter(secretsIn)).toEqual([]);
    expect([...services.userCache.entries.keys()].every((key) => key.length <= 250)).toBe(true);
  });
});

describe('stepped config', () => {
  const step = (configParams?: Record<string, string>) =>
    env
      .world()
      .connector.invoke<ConfigJson>('getConfig', { languageCode: 'en', ...(configParams ? { configParams } : {}) });
  const answers: (Record<string, string> | undefined)[] = [
    undefined,
    { database: 'lake' },
    { database: 'lake', table: E2E_TABLE },
    { database: 'lake', table: E2E_TABLE, dateColumn: 'created_at' },
  ];

  it('starts from configParams undefined and ends with isSteppedConfig false and a required date range', () => {
    const steps = answers.map((a) => step(a));
    expect(steps.map((s) => s.configParams.map((p) => p.name))).toEqual([
      ['database'],
      ['database', 'table'],
      ['database', 'table', 'dateColumn'],
      ['database', 'table', 'dateColumn', 'timeZone', 'rowLimit', 'rawRows', 'cacheMinutes'],
    ]);
    expect(steps.map((s) => s.isSteppedConfig)).toEqual([true, true, true, false]);
    expect(steps[3].dateRangeRequired).toBe(true);
  });

  it('is additive, immutable and idempotent', () => {
    const steps = answers.map((a) => step(a));
    for (let i = 1; i < steps.length; i += 1) {
      expect(steps[i].configParams.slice(0, steps[i - 1].configParams.length)).toEqual(steps[i - 1].configParams);
    }
    expect(answers.map((a) => step(a))).toEqual(steps);
  });

  it('offers the proxy catalog and the table’s date columns', () => {
    const [database, table, dateColumn] = step(answers[3]).configParams;
    expect(database.options?.map((o) => o.value)).toEqual(['lake']);
    expect(table.options?.map((o) => o.value)).toContain(E2E_TABLE);
    expect(table.options?.map((o) => o.value)).toContain('food_pickup_1_0_0');
    expect(dateColumn.options?.map((o) => o.value)).toEqual(['dt', 'created_at', '(none)']);
  });

  it('does not require a date range when "none" is chosen', () => {
    expect(step({ database: 'lake', table: E2E_TABLE, dateColumn: '(none)' }).dateRangeRequired).toBe(false);
  });

  it('emits valid JSON: ids without spaces, valid option values, no dynamic or credential entry overridable', () => {
    for (const config of answers.map((a) => step(a))) {
      for (const entry of config.configParams) {
        expect(['TEXTINPUT', 'TEXTAREA', 'SELECT_SINGLE', 'SELECT_MULTIPLE', 'CHECKBOX', 'INFO']).toContain(entry.type);
        expect(entry.name).toMatch(/^\S+$/);
        for (const option of entry.options ?? []) expect(option.value).toMatch(/^[^\s,]+$/);
        if (entry.isDynamic) expect(entry.parameterControl?.allowOverride).not.toBe(true);
        expect(Object.keys(entry)).not.toContain('allowOverride');
        expect(entry.name).not.toMatch(/secret|password|key/i);
      }
    }
  });

  it.each([
    ['an unknown database', { database: 'warehouse' }],
    ['an unknown table', { database: 'lake', table: 'missing_table' }],
    ['a column that is not a date', { database: 'lake', table: E2E_TABLE, dateColumn: 'city' }],
    ['an invalid time zone', { database: 'lake', table: E2E_TABLE, dateColumn: 'dt', timeZone: 'Not a zone' }],
    ['a row limit over 1,000,000', { database: 'lake', table: E2E_TABLE, dateColumn: 'dt', rowLimit: '2000000' }],
  ])('answers %s with a user error, not a crash', (_, configParams) => {
    const outcome = env.world().connector.call('getConfig', { languageCode: 'en', configParams });
    expect(outcome).toMatchObject({ ok: false, userError: { text: expect.any(String) } });
  });
});

describe('the asynchronous protocol', () => {
  it('polls a 202 answer, fetches every cursor page, and returns exactly the rows SQL finds', async () => {
    const { connector, services } = env.world();
    const response = connector.invoke<GetDataResponse>('getData', {
      configParams: { database: 'lake', table: E2E_TABLE, rawRows: 'true' },
      fields: ['order_id', 'status', 'amount', 'city', 'created_at', 'created_at_hour', 'is_express'].map((name) => ({
        name,
      })),
    });
    const db = await openReferenceDb(env.ordersFolder);
    const expected = await db.rows(`
      SELECT order_id::INTEGER, status, amount::DOUBLE, city, strftime(created_at, '%Y%m%d%H%M%S'), strftime(created_at, '%Y%m%d%H'), is_express
      FROM orders ORDER BY order_id`);
    db.close();
    expect(sortById(response.rows.map((r) => r.values))).toEqual(expected);
    expect(response.rows).toHaveLength(E2E_ROWS);
    expect(services.fetches.some((f) => f.method === 'POST' && f.status === 202)).toBe(true);
    expect(services.sleeps.length).toBeGreaterThan(0);
    expect(services.fetches.filter((f) => f.url.includes('cursor=')).length).toBeGreaterThan(0);
    expect(services.fetches.every((f) => f.url.length < 2048 && (f.status === 200 || f.status === 202))).toBe(true);
  });
});
