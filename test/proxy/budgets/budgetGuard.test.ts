import { BudgetGuard, MemorySpendStore, utcDay } from '../../../proxy/src/budgets';
import { BudgetExceededError } from '../../../proxy/src/errors';

const NOON = Date.parse('2026-12-07T12:00:00Z');
const query = (estimatedBytes: number | undefined) => ({
  caller: 'arn:aws:iam::1:user/ana',
  table: 'lake.events',
  estimatedBytes,
});

async function refusal(guard: BudgetGuard, estimatedBytes: number | undefined): Promise<BudgetExceededError> {
  const err = await guard.check(query(estimatedBytes)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BudgetExceededError);
  return err as BudgetExceededError;
}

describe('BudgetGuard', () => {
  it('lets a query through while its bound fits what is left, exactly at the limit included', async () => {
    const guard = new BudgetGuard({ perTableDay: 1_000 }, new MemorySpendStore(), () => NOON);
    await guard.check(query(1_000));
    await guard.charge(query(undefined), 400);
    await guard.check(query(600));
    const err = await refusal(guard, 601);
    expect(err.status).toBe(403);
    expect(err.code).toBe('BUDGET_EXCEEDED');
    expect(err.message).toBe(
      'Table budget exceeded: lake.events has spent 400 B of its 1.0 kB budget for 2026-12-07 (UTC); this query would read up to 601 B.',
    );
    expect(err.details).toEqual({
      budget: 'PROXY_BUDGET_BYTES_PER_TABLE_DAY',
      limitBytes: 1_000,
      spentBytes: 400,
      estimatedBytes: 601,
      day: '2026-12-07',
      table: 'lake.events',
    });
  });

  it("names the caller's budget without the caller's identity", async () => {
    const guard = new BudgetGuard({ perCallerDay: 10e9 }, new MemorySpendStore(), () => NOON);
    await guard.charge(query(undefined), 9.8e9);
    const err = await refusal(guard, 1.2e9);
    expect(err.message).toBe(
      'Caller budget exceeded: you have spent 9.8 GB of your 10.0 GB budget for 2026-12-07 (UTC); this query would read up to 1.2 GB.',
    );
    expect(JSON.stringify(err.toBody())).not.toContain('ana');
  });

  it('runs a query of unknown bound while something is left, and refuses it once nothing is', async () => {
    const guard = new BudgetGuard({ perCallerDay: 100 }, new MemorySpendStore(), () => NOON);
    await guard.check(query(undefined));
    await guard.charge(query(undefined), 100);
    expect((await refusal(guard, undefined)).message).toMatch(/budget is used up\.$/);
    await guard.check({ ...query(0), caller: 'someone-else' });
  });

  it('counts per UTC day: the budget is whole again after midnight UTC', async () => {
    let now = Date.parse('2026-12-07T23:59:59Z');
    const guard = new BudgetGuard({ perTableDay: 100 }, new MemorySpendStore(), () => now);
    await guard.charge(query(undefined), 100);
    await refusal(guard, 1);
    now = Date.parse('2026-12-08T00:00:00Z');
    await guard.check(query(100));
    expect(utcDay(now)).toBe('2026-12-08');
  });

  it('counts the caller and the table apart', async () => {
    const guard = new BudgetGuard({ perCallerDay: 100, perTableDay: 150 }, new MemorySpendStore(), () => NOON);
    await guard.charge(query(undefined), 90);
    await guard.charge({ caller: 'bo', table: 'lake.events' }, 50);
    expect((await refusal(guard, 20)).details).toMatchObject({ budget: 'PROXY_BUDGET_BYTES_PER_CALLER_DAY' });
    await expect(guard.check({ caller: 'bo', table: 'lake.events', estimatedBytes: 20 })).rejects.toMatchObject({
      details: { budget: 'PROXY_BUDGET_BYTES_PER_TABLE_DAY', spentBytes: 140 },
    });
    await guard.check({ caller: 'bo', table: 'lake.other', estimatedBytes: 20 });
  });
});
