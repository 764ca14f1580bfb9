/**
 * Registration of the Athena engine in the composition root (proxy/src/engines/registry.ts). The engine and the
 * AWS SDK are imported lazily, so a process on another engine does not load them.
 */
import type { EngineRegistration } from '../../port';
import { loadAthenaSettings } from './settings';

export const athenaRegistration: EngineRegistration = {
  name: 'athena',
  summary: 'Amazon Athena with the Glue catalog (ATHENA_WORKGROUP, ATHENA_DATABASES, ATHENA_TABLES)',
  build: async ({ env, clientConfig }) => {
    const settings = loadAthenaSettings(env);
    // Tests point the real SDK clients at a loopback double; in Lambda the defaults come from the runtime.
    const [{ createAthenaEngine }, { createAwsClients }] = await Promise.all([
      import('./athenaEngine'),
      import('./clients'),
    ]);
    return createAthenaEngine({
      // Single-attempt Athena/Glue clients: the engine owns retries, and a concurrency limit must surface as a 429.
      ...createAwsClients({ region: settings.region, ...clientConfig }),
      workGroup: settings.workGroup,
      databases: settings.databases,
      tables: settings.tables,
      resultReuseMaxAgeMinutes: settings.resultReuseMaxAgeMinutes,
    });
  },
};
