/** Who is calling, on AWS: API Gateway's verified caller and keyless viewers' OIDC identity tokens. */
export { parseAuthorization, type ParsedAuthorization } from './authorizationHeader';
export { createLambdaAuthenticator, keylessTrustFromEnv } from './lambdaIdentity';
export { createOidcVerifier, discoverJwksUri, type OidcVerifier, type VerifiedIdentity } from './oidcVerifier';
export { identityName, verifyTrustedIdentity } from './trustedIdentity';
