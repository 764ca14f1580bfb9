/**
 * The Lambda's caller identity in keyless mode: the keyless role's callers need a verified Google-style ID token
 * bound to their role session name; other IAM callers stay their ARN. Keys come from a local JWK set (jose).
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createLambdaAuthenticator } from '../../../proxy/src/auth/lambdaIdentity';
import { createVerifierWithKeys } from '../../../proxy/src/auth/oidcVerifier';
import { ForbiddenError } from '../../../proxy/src/errors';

const AUD = 'client-1.apps.googleusercontent.com';
const ISS = 'https://accounts.google.com';
const ROLE_ARN = (session: string) => `arn:aws:sts::000000000000:assumed-role/looker-keyless/${session}`;
const SIGNED =
  'AWS4-HMAC-SHA256 Credential=ASIA-EXAMPLE-EXAMPLE/20240101/us-east-1/execute-api/aws4_request, ' +
  `SignedHeaders=host;x-amz-date;x-amz-security-token;x-identity-token, Signature=${'0'.repeat(64)}`;

let mint: (claims: Record<string, unknown>, aud?: string) => Promise<string>;
let authenticate: ReturnType<typeof createLambdaAuthenticator>;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
  mint = (claims, aud = AUD) =>
    new SignJWT({ email_verified: true, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISS)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  authenticate = createLambdaAuthenticator(
    { roleName: 'looker-keyless', verifier: createVerifierWithKeys({ issuers: [ISS], audiences: [AUD] }, keys) },
    (l) => logs.push(l),
  );
});

function event(userArn: string, headers: Record<string, string[]>): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path: '/v1/health',
    multiValueHeaders: headers,
    requestContext: { identity: { userArn } },
  } as unknown as APIGatewayProxyEvent;
}

describe('Lambda keyless identity', () => {
  it('names a keyless caller by the verified email when the token subject is the session name', async () => {
    const token = await mint({ sub: '1001', email: 'Ana@Example.com' });
    await expect(
      authenticate(event(ROLE_ARN('1001'), { Authorization: [SIGNED], 'x-identity-token': [token] })),
    ).resolves.toEqual({ identity: 'ana@example.com', viewer: true });
  });

  it("refuses another viewer's token, a missing or unsigned header, and a token for another audience", async () => {
    const bob = await mint({ sub: '1002', email: 'bob@example.com' });
    const ana = await mint({ sub: '1001', email: 'ana@example.com' });
    const other = await mint({ sub: '1001', email: 'ana@example.com' }, 'another-client.apps.googleusercontent.com');
    const unsigned = SIGNED.replace(';x-identity-token', '');
    const cases = [
      event(ROLE_ARN('1001'), { Authorization: [SIGNED], 'x-identity-token': [bob] }),
      event(ROLE_ARN('1001'), { Authorization: [SIGNED] }),
      event(ROLE_ARN('1001'), { Authorization: [unsigned], 'x-identity-token': [ana] }),
      event(ROLE_ARN('1001'), { Authorization: [SIGNED], 'x-identity-token': [other] }),
      event(ROLE_ARN('1001'), {
        Authorization: [SIGNED],
        'x-identity-token': [`${ana.split('.').slice(0, 2).join('.')}.`],
      }),
    ];
    for (const e of cases) await expect(authenticate(e)).rejects.toBeInstanceOf(ForbiddenError);
    expect(logs.filter((l) => l.event === 'auth_rejected')).toHaveLength(cases.length);
    expect(JSON.stringify(logs)).not.toContain(ana);
  });

  it('refuses a verified account outside the configured Workspace domain', async () => {
    const keys = { roleName: 'looker-keyless', domain: 'example.com' };
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k2', alg: 'RS256' }] });
    const scoped = createLambdaAuthenticator(
      { ...keys, verifier: createVerifierWithKeys({ issuers: [ISS], audiences: [AUD] }, jwks) },
      () => undefined,
    );
    const sign = (email: string) =>
      new SignJWT({ email, email_verified: true })
        .setProtectedHeader({ alg: 'RS256', kid: 'k2' })
        .setIssuer(ISS)
        .setAudience(AUD)
        .setSubject('1001')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    await expect(
      scoped(event(ROLE_ARN('1001'), { Authorization: [SIGNED], 'x-identity-token': [await sign('ana@example.com')] })),
    ).resolves.toEqual({ identity: 'ana@example.com', viewer: true });
    await expect(
      scoped(event(ROLE_ARN('1001'), { Authorization: [SIGNED], 'x-identity-token': [await sign('ana@gmail.com')] })),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps other IAM callers (access-key mode) as their ARN, whatever identity header they send', async () => {
    const token = await mint({ sub: '1001', email: 'boss@example.com' });
    const user = 'arn:aws:iam::000000000000:user/looker-connector';
    await expect(authenticate(event(user, { Authorization: [SIGNED], 'x-identity-token': [token] }))).resolves.toEqual({
      identity: user,
    });
  });
});
