/**
 * Refresh and retry semantics end to end: the Athena engine (and the query service) over the real SDK against the
 * Athena API double (docs/athena.md#result-reuse, #retries, #start-errors, #query-length).
 */
import { loadServiceSettings } from '../../../../proxy/src/config';
import { EngineUnavailableError, InvalidRequestError } from '../../../../proxy/src/errors';
import { createQueryService } from '../../../../proxy/src/service/createQueryService';
import { CONTRACT_DATABASE as DB } from '../../../engine-contract/contractLake';
import { waitForFinal } from '../../../engine-contract/runQuery';
import { useAthenaOverDouble } from '../../../engine-contract/athenaOverDouble';

const SQL = `SELECT "id", "name" FROM "${DB}"."typed" ORDER BY "id"`;

const world = useAthenaOverDouble({ resultReuseMaxAgeMinutes: 60 });
const engine = world.engine;

describe('refresh and retry over the API double', () => {
  it('reuses a stored result normally, but not for a refresh (reuse age 0)', async () => {
    const athena = engine();
    const sql = `${SQL} LIMIT 4`;
    await waitForFinal(athena, await athena.startQuery(sql, { callerId: 'first' }));
    const reused = await waitForFinal(athena, await athena.startQuery(sql, { callerId: 'second' }));
    expect(reused.reusedPreviousResult).toBe(true);
    const refreshed = await waitForFinal(
      athena,
      await athena.startQuery(sql, { callerId: 'second', reuseMaxAgeMinutes: 0 }),
    );
    expect(refreshed.reusedPreviousResult).toBe(false);
  });

  it.each(['cancel', 'fail'] as const)(
    'starts a new execution when a request is retried after it ended (%s) in the same minute',
    async (how) => {
      const athena = engine({ resultReuseMaxAgeMinutes: 0 });
      world.double().scriptNextQuery({
        outcome: how === 'cancel' ? 'cancel' : { fail: { category: 1, message: 'worker lost' } },
      });
      const dead = await athena.startQuery(`${SQL} LIMIT 3`, { callerId: how });
      expect((await waitForFinal(athena, dead)).state).toBe(how === 'cancel' ? 'CANCELLED' : 'FAILED');
      const retry = await athena.startQuery(`${SQL} LIMIT 3`, { callerId: how });
      expect(retry).not.toBe(dead);
      expect((await waitForFinal(athena, retry)).state).toBe('SUCCEEDED');
    },
  );

  it('still gives 10 concurrent identical starts one execution', async () => {
    const athena = engine({ resultReuseMaxAgeMinutes: 0 });
    const before = world.double().executionCount();
    const ids = await Promise.all(
      Array.from({ length: 10 }, () => athena.startQuery(`${SQL} LIMIT 2`, { callerId: 'ten' })),
    );
    expect(new Set(ids).size).toBe(1);
    expect(world.double().executionCount() - before).toBe(1);
  });

  it('waits out a FAILED (Retryable) → QUEUED flap and ends in data', async () => {
    const athena = engine({ resultReuseMaxAgeMinutes: 0 });
    world.double().scriptNextQuery({ polls: ['RUNNING', 'FAILED_RETRYABLE', 'QUEUED'] });
    const id = await athena.startQuery(`${SQL} LIMIT 1`, { callerId: 'flap' });
    expect((await waitForFinal(athena, id)).state).toBe('SUCCEEDED');
    expect((await athena.readResults(id, 0, 10)).rows).toEqual([['1', 'plain']]);
  });

  it('reports a missing workgroup as a 503 for the operator', async () => {
    const athena = engine({ workGroup: 'gone' });
    const error = await athena.startQuery(SQL, { callerId: 'ops' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect(error).toMatchObject({ status: 503, details: { reason: 'WORKGROUP_NOT_FOUND' } });
    expect((error as Error).message).toMatch(/operator must fix ATHENA_WORKGROUP/);
  });

  it('refuses an oversized query with a 400 naming the filter before any Athena call', async () => {
    const service = createQueryService(engine(), loadServiceSettings({}), () => undefined);
    const names = Array.from({ length: 1000 }, (_, i) => `someone.with.a.long.address.${i}@example-company.com`);
    const spec = {
      database: DB,
      table: 'typed',
      fields: [{ name: 'id' }],
      dimensionsFilters: Array.from({ length: 6 }, () => [
        { fieldName: 'name', operator: 'IN_LIST' as const, type: 'INCLUDE' as const, values: names },
      ]),
    };
    const before = world.double().calls('AmazonAthena.StartQueryExecution');
    const error = await service.startQuery(spec, { identity: 'big' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/262144 bytes.*filter on "name"/);
    expect(world.double().calls('AmazonAthena.StartQueryExecution')).toBe(before);
  });
});
