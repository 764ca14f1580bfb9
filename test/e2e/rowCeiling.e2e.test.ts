/**
 * Results larger than the proxy's row ceiling (here lowered to 100; in production Looker Studio's 1,000,000) must
 * never pass as complete: the proxy marks them truncated and the built connector turns that into a user error,
 * unless the data source's own row limit (a cap the user chose) is what cut them.
 */
import { startE2eEnvironment, type E2eEnvironment, type World } from './e2eEnvironment';
import { E2E_ROWS } from './e2eLake';
import { RAW } from './e2eQueries';

let env: E2eEnvironment;
let world: World;

beforeAll(async () => {
  env = await startE2eEnvironment({ maxRows: 100 });
  world = env.world();
});

afterAll(async () => {
  await env?.close();
});

describe('row ceiling', () => {
  it('is more than the lake holds, so the test means something', () => {
    expect(E2E_ROWS).toBeGreaterThan(100);
  });

  it('a raw result over the ceiling is a user error, not 100 rows passed off as all', () => {
    const outcome = world.connector.call('getData', { configParams: RAW, fields: [{ name: 'order_id' }] });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.userError.text).toMatch(/more than 100 rows, the most the proxy returns/);
  });

  it('a row limit the user configured below the ceiling still returns its rows', () => {
    const outcome = world.connector.call('getData', {
      configParams: { ...RAW, rowLimit: '40' },
      fields: [{ name: 'order_id' }],
    });
    expect(outcome.ok && (outcome.value as { rows: unknown[] }).rows).toHaveLength(40);
  });
});
