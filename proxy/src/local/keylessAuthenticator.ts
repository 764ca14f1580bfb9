/**
 * The local server's authenticator in identity mode: SigV4 against the configured static key or a live temporary
 * credential from the local STS endpoint; for temporary credentials, the verified ID token bound to the session
 * (proxy/src/auth/trustedIdentity.ts). Rejections are logged with a reason (never a token or secret) and answered
 * with the same generic 403.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createCredentialStore, type CredentialEntry } from './aws';
import type { OidcVerifier } from '../auth';
import { toStoredCredential, type TemporaryCredential, type TemporaryCredentialStore } from './aws';
import { identityName, verifyTrustedIdentity } from '../auth';
import { verifySigV4 } from './aws';
import { ForbiddenError } from '../errors';
import type { Caller } from '../service';
import type { Logger } from '../logger';

function definedValues(params: APIGatewayProxyEvent['multiValueQueryStringParameters']): Record<string, string[]> {
  return Object.fromEntries(Object.entries(params ?? {}).filter((e): e is [string, string[]] => Array.isArray(e[1])));
}

export interface KeylessAuthenticatorOptions {
  credentials: CredentialEntry[];
  temporary: TemporaryCredentialStore;
  verifier: OidcVerifier;
  region: string;
  now?: () => Date;
  log: Logger;
}

export function createKeylessAuthenticator(
  options: KeylessAuthenticatorOptions,
): (event: APIGatewayProxyEvent) => Promise<Caller> {
  const staticKeys = createCredentialStore(options.credentials);
  const now = options.now ?? (() => new Date());
  const reject = (event: APIGatewayProxyEvent, reason: string): never => {
    options.log({
      level: 'warn',
      event: 'auth_rejected',
      method: event.httpMethod,
      path: event.path.slice(0, 200),
      reason,
    });
    throw new ForbiddenError();
  };
  return async (event) => {
    const at = now();
    const signed = verifySignature(event, { options, staticKeys, at });
    if (!signed.result.ok) return reject(event, signed.result.reason);
    // A long-term key is its own identity (key mode); only temporary credentials carry a web identity.
    if (!signed.temporary) return { identity: signed.result.identity };
    const { session } = signed.temporary;
    const trusted = await verifyTrustedIdentity(
      event.multiValueHeaders ?? {},
      {
        subject: session.identity.subject,
        issuer: session.identity.issuer,
        roleSessionName: session.roleSessionName,
      },
      options.verifier,
      at,
    );
    if (!trusted.ok) return reject(event, trusted.reason);
    return { identity: identityName(trusted.identity), viewer: true };
  };
}

/** SigV4 against a live temporary credential or a static key; says which of the two signed. */
function verifySignature(
  event: APIGatewayProxyEvent,
  {
    options,
    staticKeys,
    at,
  }: { options: KeylessAuthenticatorOptions; staticKeys: ReturnType<typeof createCredentialStore>; at: Date },
): { result: ReturnType<typeof verifySigV4>; temporary?: TemporaryCredential } {
  let temporary: TemporaryCredential | undefined;
  const result = verifySigV4(
    {
      method: event.httpMethod,
      path: event.path,
      query: definedValues(event.multiValueQueryStringParameters),
      headers: event.multiValueHeaders ?? {},
      body: event.body ?? '',
    },
    {
      // One lookup decides both the secret and the kind of key, so a credential expiring between two lookups can
      // never be verified as temporary and then treated as a long-term key.
      credentials: (id) => {
        const found = options.temporary.find(id);
        if (found) temporary = found;
        return found ? toStoredCredential(found) : staticKeys(id);
      },
      region: options.region,
      service: 'execute-api',
      now: at,
    },
  );
  return { result, temporary };
}
