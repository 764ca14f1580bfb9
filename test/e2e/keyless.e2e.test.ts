/**
 * The keyless mode end to end: the BUILT bundle in the Apps Script harness signs in with a Google-style ID token
 * (local issuer), exchanges it at STS (the local proxy, with the STS host mapped to it) and reads data from the
 * local proxy, which runs with access rules and without any access key.
 */
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import { AGGREGATED } from './e2eQueries';
import { startKeylessEnvironment, STS_ORIGIN, type KeylessEnvironment } from './keylessEnvironment';

const RULES = {
  rules: [
    {
      name: 'eu-berlin',
      who: ['@eu.example.com'],
      tables: ['lake.*'],
      rowFilters: { 'lake.e2e_orders_1_0_0': [{ column: 'city', operator: 'EQUALS', values: ['Berlin'] }] },
    },
    { name: 'staff', who: ['@example.com'], tables: ['lake.*'] },
  ],
};

let env: KeylessEnvironment;

beforeAll(async () => {
  env = await startKeylessEnvironment(RULES);
});

afterAll(async () => {
  await env?.close();
});

const chart = { configParams: AGGREGATED, fields: [{ name: 'city' }, { name: 'record_count' }] };
const citiesOf = (response: GetDataResponse) => [...new Set(response.rows.map((row) => row.values[0]))].sort();

describe('keyless mode with the real bundle', () => {
  it('gets data with no access key anywhere, and two viewers under different rules see different rows', async () => {
    const eu = await env.viewer('5001', 'eva@eu.example.com');
    const staff = await env.viewer('5002', 'sam@example.com');
    const euRows = eu.connector.invoke<GetDataResponse>('getData', chart);
    const staffRows = staff.connector.invoke<GetDataResponse>('getData', chart);
    expect(citiesOf(euRows)).toEqual(['Berlin']);
    expect(citiesOf(staffRows)).toEqual(expect.arrayContaining(['Berlin', 'Oslo', 'Zürich']));
    // The STS exchange went to the (mapped) AWS STS host, the data calls to the proxy; no key is stored anywhere.
    expect(eu.services.fetches[0]).toMatchObject({ url: `${STS_ORIGIN}/`, method: 'POST', status: 200 });
    for (const world of [eu, staff]) {
      const stored = JSON.stringify([
        world.services.userProperties.getProperties(),
        world.services.scriptProperties.getProperties(),
      ]);
      expect(stored).not.toMatch(/AKIA|ASIA|LOCAL[A-Z0-9]{8}/);
      expect(stored).toContain('arn:aws:iam::000000000000:role/looker-viewer');
      expect(world.services.logs.join('\n')).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    }
  });

  it('reuses the cached STS credentials until shortly before they expire', async () => {
    const viewer = await env.viewer('5003', 'ann@example.com');
    viewer.connector.invoke('getData', chart);
    viewer.connector.invoke('getData', { ...chart, fields: [{ name: 'status' }, { name: 'record_count' }] });
    const stsCalls = viewer.services.fetches.filter((f) => f.url.startsWith(STS_ORIGIN));
    expect(stsCalls).toHaveLength(1);
  });

  it('shows a viewer no rule matches the 403 as a user error', async () => {
    const outsider = await env.viewer('5004', 'olga@other.test');
    const outcome = outsider.connector.call('getData', chart);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.userError.text).toContain('is not allowed to read lake.e2e_orders_1_0_0');
    expect(outcome.userError.text).toContain('Ask the data owner');
  });

  it('tells the viewer what to do when the openid scope is missing, and refuses sign-in with a token of another client', async () => {
    const viewer = await env.viewer('5005', 'ola@example.com', { signIn: false });
    viewer.setIdentityToken(() => {
      throw new Error(
        'Exception: You do not have permission to call ScriptApp.getIdentityToken. Required permissions: openid',
      );
    });
    const login = {
      pathUserPass: {
        path: env.proxyUrl,
        username: 'arn:aws:iam::000000000000:role/looker-viewer',
        password: 'google',
      },
    };
    expect(viewer.connector.invoke('setCredentials', login)).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
    expect(viewer.services.logs.join('\n')).toContain('"openid"');
    viewer.setIdentityToken(await env.mint('5005', 'ola@example.com', { aud: 'another-client.apps.example.test' }));
    expect(viewer.connector.invoke('setCredentials', login)).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
    expect(viewer.services.logs.join('\n')).toContain('AccessDenied');
    viewer.setIdentityToken(await env.mint('5005', 'ola@example.com'));
    expect(viewer.connector.invoke('setCredentials', login)).toEqual({ errorCode: 'NONE' });
    viewer.setIdentityToken(() => '');
    const outcome = viewer.connector.call('getData', chart);
    // Cached credentials cannot help without an ID token: every call carries one.
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.userError.text).toContain('"openid"');
  });
});
