/** Daily scan budgets (docs/budgets.md): the check before an engine query, the count after, and where it is kept. */
export { BudgetGuard, utcDay, type BudgetLimits, type BudgetedQuery } from './budgetGuard';
export { MemorySpendStore, type SpendKey, type SpendStore } from './spendStore';
export { DynamoSpendStore, type DynamoSpendStoreOptions } from './dynamoSpendStore';
export { estimateScanBytes } from './scanEstimate';
