/**
 * Shared setup of the getData end-to-end tests: the local proxy over the end-to-end lake (normal wait budget), the
 * built connector's world, a reference DuckDB over the same files, and getData/idsWhere helpers bound to them.
 */
import { startE2eEnvironment, type E2eEnvironment, type World } from './e2eEnvironment';
import { createQueryHelpers, type QueryHelpers } from './e2eQueries';
import { openReferenceDb, type ReferenceDb } from './referenceSql';

export interface GetDataWorld extends QueryHelpers {
  /** Set by beforeAll. */
  readonly env: E2eEnvironment;
  readonly db: ReferenceDb;
  readonly world: World;
}

/** Registers beforeAll/afterAll in the calling test file: starts the environment and reference DB, closes both. */
export function useGetDataWorld(): GetDataWorld {
  let env: E2eEnvironment;
  let db: ReferenceDb;
  let world: World;

  beforeAll(async () => {
    env = await startE2eEnvironment({ waitBudgetMs: 5000 });
    db = await openReferenceDb(env.ordersFolder);
    world = env.world();
  });

  afterAll(async () => {
    db?.close();
    await env?.close();
  });

  const helpers = createQueryHelpers(
    () => world,
    () => db,
  );
  return {
    ...helpers,
    get env() {
      return env;
    },
    get db() {
      return db;
    },
    get world() {
      return world;
    },
  };
}
