/**
 * The local server's stand-in for API Gateway's AWS_IAM authorizer: every event must carry a valid SigV4
 * signature for service `execute-api` from a configured key. Failures are logged with their reason (never a
 * secret or signature) and answered with the same generic 403.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createCredentialStore, type CredentialEntry } from './aws';
import { verifySigV4 } from './aws';
import { ForbiddenError } from '../errors';
import type { Caller } from '../service';
import type { Logger } from '../logger';

/** API Gateway types allow undefined entries; the verifier wants plain lists. */
function definedValues(params: APIGatewayProxyEvent['multiValueQueryStringParameters']): Record<string, string[]> {
  return Object.fromEntries(Object.entries(params ?? {}).filter((e): e is [string, string[]] => Array.isArray(e[1])));
}

export function createSigV4Authenticator(options: {
  credentials: CredentialEntry[];
  region: string;
  now?: () => Date;
  log: Logger;
}): (event: APIGatewayProxyEvent) => Caller {
  const lookup = createCredentialStore(options.credentials);
  const now = options.now ?? (() => new Date());
  return (event) => {
    const result = verifySigV4(
      {
        method: event.httpMethod,
        path: event.path,
        query: definedValues(event.multiValueQueryStringParameters),
        headers: event.multiValueHeaders ?? {},
        body: event.body ?? '',
      },
      { credentials: lookup, region: options.region, service: 'execute-api', now: now() },
    );
    if (!result.ok) {
      options.log({
        level: 'warn',
        event: 'auth_rejected',
        method: event.httpMethod,
        path: event.path.slice(0, 200),
        reason: result.reason,
      });
      throw new ForbiddenError();
    }
    return { identity: result.identity };
  };
}
