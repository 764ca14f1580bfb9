/** Settings of the Athena engine, from environment variables (see docs/deploy.md). */
import { int, list, type Env } from '../../config';

export interface AthenaSettings {
  region: string;
  workGroup: string;
  databases: string[];
  /** Optional per-database table allow-list, from `db.table` entries. */
  tables: Record<string, string[]> | undefined;
  resultReuseMaxAgeMinutes: number;
}

export function loadAthenaSettings(env: Env): Readonly<AthenaSettings> {
  const workGroup = env.ATHENA_WORKGROUP;
  const databases = list(env.ATHENA_DATABASES);
  if (!workGroup) throw new Error('ATHENA_WORKGROUP is required');
  if (databases.length === 0) throw new Error('ATHENA_DATABASES must list at least one database');
  let tables: Record<string, string[]> | undefined;
  for (const entry of list(env.ATHENA_TABLES)) {
    const [db, table, extra] = entry.split('.');
    if (!db || !table || extra !== undefined)
      throw new Error(`ATHENA_TABLES entries are database.table (got "${entry}")`);
    tables ??= Object.create(null) as Record<string, string[]>;
    tables[db] = [...(tables[db] ?? []), table];
  }
  return Object.freeze({
    region: env.AWS_REGION ?? 'us-east-1',
    workGroup,
    databases,
    tables,
    resultReuseMaxAgeMinutes: int(env, 'ATHENA_RESULT_REUSE_MAX_AGE_MINUTES', 60),
  });
}
