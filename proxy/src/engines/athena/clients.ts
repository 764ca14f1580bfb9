/**
 * Builds the SDK clients the Athena engine needs. The Athena and Glue clients make a single attempt per call:
 * the SDK's default retry (3 attempts) would also retry `TooManyRequestsException`, i.e. hot-retry a full
 * concurrency quota (docs/reference-athena.md#api-rate-limits-and-concurrency), and would hide throttling from the
 * engine's own bounded, jittered retry. S3 keeps the SDK default, which handles `SlowDown` on result reads.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';

export interface AwsClientConfig {
  region: string;
  /** Endpoint override for tests (the Athena API double, moto_server); S3 then uses path-style addressing. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface AwsClients {
  athena: AthenaClient;
  glue: GlueClient;
  s3: S3Client;
}

/** One set of clients, created once per Lambda instance and shared by every invocation. */
export function createAwsClients(config: AwsClientConfig): AwsClients {
  const common = { region: config.region, endpoint: config.endpoint, credentials: config.credentials };
  return {
    athena: new AthenaClient({ ...common, maxAttempts: 1 }),
    glue: new GlueClient({ ...common, maxAttempts: 1 }),
    s3: new S3Client({ ...common, forcePathStyle: config.endpoint !== undefined }),
  };
}

/** Releases the clients' sockets (tests and local servers; a Lambda keeps them for its lifetime). */
export function destroyAwsClients(clients: AwsClients): void {
  clients.athena.destroy();
  clients.glue.destroy();
  clients.s3.destroy();
}
