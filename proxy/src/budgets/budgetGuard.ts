/**
 * Daily scan budgets (docs/budgets.md): before any engine query, the bytes it may read (the proxy's listing bound)
 * plus what its caller and its table already spent today must fit PROXY_BUDGET_BYTES_PER_CALLER_DAY and
 * PROXY_BUDGET_BYTES_PER_TABLE_DAY; afterwards the bytes the engine really scanned are added to both. Answers from
 * tiles or the cache run no engine query, so they neither ask nor spend.
 */
import { BudgetExceededError } from '../errors';
import type { SpendKey, SpendStore } from './spendStore';

/** Bytes per UTC day; an absent budget is no limit. */
export interface BudgetLimits {
  perCallerDay?: number;
  perTableDay?: number;
}

/** One engine query about to run: who asks, which table, and its bound (undefined when the proxy cannot list it). */
export interface BudgetedQuery {
  caller: string;
  table: string;
  estimatedBytes: number | undefined;
}

interface Budget {
  kind: 'caller' | 'table';
  key: SpendKey;
  limit: number;
  name: string;
}

/** The UTC calendar day of `ms`, YYYY-MM-DD: budgets reset at 00:00 UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class BudgetGuard {
  constructor(
    private readonly limits: BudgetLimits,
    private readonly store: SpendStore,
    private readonly now: () => number,
  ) {}

  /**
   * Refuses, with BUDGET_EXCEEDED, a query whose bound does not fit what is left of a budget today. A query whose
   * bound is unknown runs while something of each budget is left (its real scan is counted after).
   */
  async check(query: BudgetedQuery): Promise<void> {
    const budgets = this.budgetsOf(query);
    if (budgets.length === 0) return;
    const day = utcDay(this.now());
    const spent = await this.store.spent(
      budgets.map((b) => b.key),
      day,
    );
    budgets.forEach((budget, i) => {
      const over =
        query.estimatedBytes === undefined ? spent[i] >= budget.limit : spent[i] + query.estimatedBytes > budget.limit;
      if (over)
        throw new BudgetExceededError({ ...budget, day, spentBytes: spent[i], estimatedBytes: query.estimatedBytes });
    });
  }

  /** Adds what the engine really scanned to the caller's and the table's spend of today. */
  async charge(query: Omit<BudgetedQuery, 'estimatedBytes'>, bytesScanned: number): Promise<void> {
    const budgets = this.budgetsOf({ ...query, estimatedBytes: undefined });
    if (budgets.length === 0 || bytesScanned <= 0) return;
    await this.store.add(
      budgets.map((b) => b.key),
      utcDay(this.now()),
      bytesScanned,
    );
  }

  private budgetsOf(query: BudgetedQuery): Budget[] {
    const { perCallerDay, perTableDay } = this.limits;
    return [
      ...(perCallerDay === undefined
        ? []
        : [
            {
              kind: 'caller' as const,
              key: `caller:${query.caller}` as const,
              limit: perCallerDay,
              name: query.caller,
            },
          ]),
      ...(perTableDay === undefined
        ? []
        : [{ kind: 'table' as const, key: `table:${query.table}` as const, limit: perTableDay, name: query.table }]),
    ];
  }
}
