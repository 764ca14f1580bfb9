/**
 * Where the bytes the engine scanned today are counted (docs/budgets.md): per caller and per table, per UTC day.
 * Locally one proxy process counts in memory; on AWS every Lambda instance adds to one DynamoDB table
 * (dynamoSpendStore.ts), so a budget holds across instances.
 */

/** What a budget is counted under: `caller:<identity>` or `table:<database>.<table>`. */
export type SpendKey = `caller:${string}` | `table:${string}`;

export interface SpendStore {
  /** Bytes counted under each key on `day` (YYYY-MM-DD, UTC), in the keys' order; 0 for none. */
  spent(keys: readonly SpendKey[], day: string): Promise<number[]>;
  /** Adds `bytes` under every key on `day`, atomically per key (concurrent adds all count). */
  add(keys: readonly SpendKey[], day: string, bytes: number): Promise<void>;
}

/** The per-process store: counts are lost on restart, and days other than the newest are dropped. */
export class MemorySpendStore implements SpendStore {
  private day = '';
  private readonly counts = new Map<SpendKey, number>();

  async spent(keys: readonly SpendKey[], day: string): Promise<number[]> {
    return keys.map((key) => (day === this.day ? (this.counts.get(key) ?? 0) : 0));
  }

  async add(keys: readonly SpendKey[], day: string, bytes: number): Promise<void> {
    if (day !== this.day) {
      if (day < this.day) return;
      this.day = day;
      this.counts.clear();
    }
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + bytes);
  }
}
