/**
 * Identity mode of the local server (`npm start -- --oidc-issuer URL --oidc-audience AUD [--access-rules FILE]`):
 * trusts the issuer's ID tokens through its discovery document, answers STS AssumeRoleWithWebIdentity at the root
 * URL, and accepts the temporary credentials it issued (bound to the verified identity).
 */
import type { RequestListener } from 'node:http';
import type { CredentialEntry } from './aws';
import { createOidcVerifier, discoverJwksUri } from '../auth';
import { TemporaryCredentialStore } from './aws';
import { createKeylessAuthenticator } from './keylessAuthenticator';
import { withStsEndpoint } from './stsRoute';
import type { Logger } from '../logger';

export interface IdentityModeOptions {
  /** Issuer URL exactly as tokens name it in `iss`; its discovery document gives the key-set URL. */
  issuer: string;
  /** The audience (client id) the role's trust condition requires. */
  audience: string;
}

export async function createIdentityMode(
  options: IdentityModeOptions,
  credentials: CredentialEntry[],
  region: string,
  log: Logger,
) {
  const jwksUri = await discoverJwksUri(options.issuer);
  const verifier = createOidcVerifier({ issuers: [options.issuer], audiences: [options.audience] }, jwksUri);
  const temporary = new TemporaryCredentialStore();
  return {
    authenticate: createKeylessAuthenticator({ credentials, temporary, verifier, region, log }),
    wrap: (api: RequestListener) => withStsEndpoint(api, { verifier, store: temporary, now: () => new Date(), log }),
  };
}
