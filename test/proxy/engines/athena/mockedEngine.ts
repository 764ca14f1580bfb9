/** An Athena engine over aws-sdk-client-mock clients, with recorded sleeps and log lines, for state-machine tests. */
import { AthenaClient, type QueryExecution } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createAthenaEngine, type AthenaEngineOptions } from '../../../../proxy/src/engines/athena';

export function mockedEngine(overrides: Partial<AthenaEngineOptions> = {}) {
  const athena = new AthenaClient({ region: 'us-east-1' });
  const glue = new GlueClient({ region: 'us-east-1' });
  const s3 = new S3Client({ region: 'us-east-1' });
  const mocks = { athena: mockClient(athena), glue: mockClient(glue), s3: mockClient(s3) };
  const sleeps: number[] = [];
  let clock = Date.UTC(2024, 0, 15, 12, 0, 0);
  const engine = createAthenaEngine({
    athena,
    glue,
    s3,
    workGroup: 'looker-proxy',
    databases: ['analytics'],
    resultReuseMaxAgeMinutes: 60,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
  return {
    engine,
    mocks,
    sleeps,
    advanceClock(ms: number) {
      clock += ms;
    },
  };
}

/** An AWS-style service error as the SDK surfaces it (name, message, modeled members). */
export function awsError(name: string, message: string, members: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: {}, ...members });
}

/** A QueryExecution in the given state, with optional extra status and statistics fields. */
export function execution(
  state: string,
  extra: { status?: Record<string, unknown>; stats?: Record<string, unknown>; outputLocation?: string } = {},
): { QueryExecution: QueryExecution } {
  return {
    QueryExecution: {
      QueryExecutionId: 'q-1',
      Status: { State: state as never, ...extra.status },
      Statistics: extra.stats,
      ResultConfiguration: extra.outputLocation ? { OutputLocation: extra.outputLocation } : undefined,
    },
  };
}
