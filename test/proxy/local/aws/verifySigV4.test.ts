/**
 * The proxy's SigV4 verifier: what it must reject (tampering, wrong scope, stale dates, header smuggling, bad
 * tokens), with reasons that never leak the secret, the token or a signature.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest } from '../../../../connector/src/sigv4/signer';
import { createCredentialStore } from '../../../../proxy/src/local/aws/credentialStore';
import { type VerifiableRequest, type VerifyOptions, verifySigV4 } from '../../../../proxy/src/local/aws/verifySigV4';
import { nodeSigV4Crypto } from '../../../../tools/signing/nodeSigV4Crypto';
import { sha256Hex } from '../../../sigv4/oracles';

const KEY = { accessKeyId: 'AKIDPROXYTEST0000001', secretAccessKey: 'S3cr3t/Key+For/Tests0000000000000000000' };
const TOKEN = 'FwoGZXIvYXdzEXAMPLEsessionTOKEN//////////8=';
const TEMPORARY_KEY = { accessKeyId: 'AKIDTEMPORARY0000001', secretAccessKey: 'tmp-secret', sessionToken: TOKEN };
const SCOPE = { region: 'eu-west-1', service: 'execute-api' };
const HOST = 'abc123.execute-api.eu-west-1.amazonaws.com';
const SIGNED_AT = new Date('2024-01-15T12:00:00Z');
const BODY = '{"database":"lake","table":"food_pickup","fields":[{"name":"dt"}]}';
const FIVE_MINUTES = 5 * 60_000;

type ReceivedRequest = VerifiableRequest & { headers: Record<string, string[] | undefined> };

interface SignOptions {
  region?: string;
  service?: string;
  sessionToken?: string;
  headers?: Record<string, string>;
}

/** A POST /prod/v1/queries signed by our signer, as the local server would receive it. */
function signedRequest(options: SignOptions = {}): ReceivedRequest {
  const query = 'cursor=p%2F2&aggregate=false';
  const sent = signRequest(
    {
      method: 'POST',
      url: `https://${HOST}/prod/v1/queries?${query}`,
      headers: { 'Content-Type': 'application/json', ...options.headers },
      body: BODY,
    },
    {
      credentials: { ...KEY, sessionToken: options.sessionToken },
      scope: { region: options.region ?? SCOPE.region, service: options.service ?? SCOPE.service },
      now: SIGNED_AT,
      crypto: nodeSigV4Crypto,
    },
  );
  const headers = Object.fromEntries(Object.entries(sent).map(([name, value]) => [name, [value]]));
  return { method: 'POST', path: '/prod/v1/queries', query, headers, body: Buffer.from(BODY) };
}

function withHeaders(request: ReceivedRequest, headers: Record<string, string[] | undefined>): ReceivedRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

function withAuthorization(request: ReceivedRequest, edit: (value: string) => string): ReceivedRequest {
  return withHeaders(request, { authorization: [edit(request.headers.authorization?.[0] ?? '')] });
}

function verify(request: VerifiableRequest, overrides: Partial<VerifyOptions> = {}) {
  return verifySigV4(request, {
    credentials: createCredentialStore([KEY, TEMPORARY_KEY]),
    region: SCOPE.region,
    now: new Date(SIGNED_AT.getTime() + 30_000),
    ...overrides,
  });
}

/** Expects a rejection for `reason`, whose text (it goes to server logs) must not leak a secret or signature. */
function expectRejected(request: VerifiableRequest, reason: RegExp, overrides: Partial<VerifyOptions> = {}) {
  const result = verify(request, overrides);
  expect(result.ok).toBe(false);
  const text = result.ok ? '' : result.reason;
  expect(text).toMatch(reason);
  expect(text).not.toContain(KEY.secretAccessKey);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toMatch(/[0-9a-fA-F]{64}/);
}

/** Signs a GET with smithy, letting a test leave chosen headers unsigned. */
async function signWithSmithyExcept(unsigned: string[], sessionToken?: string): Promise<VerifiableRequest> {
  const credentials = { ...KEY, sessionToken };
  const signer = new SignatureV4({ ...SCOPE, credentials, sha256: Sha256, applyChecksum: false });
  const request = new HttpRequest({ method: 'GET', hostname: HOST, path: '/prod/v1/health', headers: { host: HOST } });
  const signed = await signer.sign(request, { signingDate: SIGNED_AT, unsignableHeaders: new Set(unsigned) });
  return { method: 'GET', path: '/prod/v1/health', query: '', headers: signed.headers, body: '' };
}

describe('verifySigV4 accepts', () => {
  it('the signed request, naming the identity', () => {
    expect(verify(signedRequest())).toEqual({ ok: true, identity: KEY.accessKeyId, accessKeyId: KEY.accessKeyId });
  });

  it('extra unsigned headers added in transit, and header names in any case', () => {
    const { authorization, ...rest } = signedRequest().headers;
    const headers = { ...rest, Authorization: authorization, 'User-Agent': ['Google-Apps-Script'], Via: ['1.1 x'] };
    expect(verify({ ...signedRequest(), headers })).toMatchObject({ ok: true });
  });

  it('a body given as a string, and x-amz-content-sha256 equal to the body hash', () => {
    const request = signedRequest({ headers: { 'x-amz-content-sha256': sha256Hex(BODY) } });
    expect(verify({ ...request, body: BODY })).toMatchObject({ ok: true });
  });

  it('an x-amz-date up to exactly five minutes away', () => {
    expect(verify(signedRequest(), { now: new Date(SIGNED_AT.getTime() + FIVE_MINUTES) })).toMatchObject({ ok: true });
    expect(verify(signedRequest(), { now: new Date(SIGNED_AT.getTime() - FIVE_MINUTES) })).toMatchObject({ ok: true });
  });

  it('a temporary key with its signed session token', () => {
    const sent = signRequest(
      { method: 'GET', url: `https://${HOST}/prod/v1/health` },
      { credentials: TEMPORARY_KEY, scope: SCOPE, now: SIGNED_AT, crypto: nodeSigV4Crypto },
    );
    const id = TEMPORARY_KEY.accessKeyId;
    const result = verify({ method: 'GET', path: '/prod/v1/health', query: '', headers: sent, body: '' });
    expect(result).toEqual({ ok: true, identity: id, accessKeyId: id });
  });
});

describe('verifySigV4 rejects', () => {
  it('a tampered method, path, query, body or signed header', () => {
    const request = signedRequest();
    const mismatch = /^signature does not match$/;
    expectRejected({ ...request, method: 'PUT' }, mismatch);
    expectRejected({ ...request, path: '/prod/v1/queries/x' }, mismatch);
    expectRejected({ ...request, path: '/prod/v1/Queries' }, mismatch);
    expectRejected({ ...request, query: 'cursor=p%2F3&aggregate=false' }, mismatch);
    expectRejected({ ...request, query: 'cursor=p%2F2&aggregate=false&x=1' }, mismatch);
    expectRejected({ ...request, body: Buffer.from(BODY.replace('dt', 'ts')) }, mismatch);
    expectRejected(withHeaders(request, { 'Content-Type': ['text/plain'] }), mismatch);
  });

  it('a wrong secret or an unknown access key id', () => {
    const otherSecret = createCredentialStore([{ ...KEY, secretAccessKey: `${KEY.secretAccessKey}0` }]);
    expectRejected(signedRequest(), /^signature does not match$/, { credentials: otherSecret });
    const noKeys = createCredentialStore([]);
    expectRejected(signedRequest(), /unknown access key id "AKIDPROXYTEST0000001"/, { credentials: noKeys });
  });

  it('a session token that is missing, wrong, unsigned or unexpected', async () => {
    const credentials = createCredentialStore([{ ...KEY, sessionToken: TOKEN }]);
    expectRejected(signedRequest(), /missing or unsigned x-amz-security-token/, { credentials });
    const wrongToken = signedRequest({ sessionToken: `${TOKEN}A` });
    expectRejected(wrongToken, /x-amz-security-token does not match/, { credentials });
    const unsigned = await signWithSmithyExcept(['x-amz-security-token'], TOKEN);
    expectRejected(unsigned, /missing or unsigned x-amz-security-token/, { credentials });
    expectRejected(signedRequest({ sessionToken: TOKEN }), /unexpected x-amz-security-token/);
  });

  it('a credential scope with the wrong region, service, terminator or date', () => {
    expectRejected(signedRequest({ region: 'us-east-1' }), /region "us-east-1" is not "eu-west-1"/);
    expectRejected(signedRequest({ service: 'lambda' }), /service "lambda" is not "execute-api"/);
    const editScope = (from: string, to: string) => withAuthorization(signedRequest(), (a) => a.replace(from, to));
    expectRejected(editScope('/aws4_request', '/aws5_request'), /terminator/);
    expectRejected(editScope('/20240115/', '/20240116/'), /scope date does not match/);
  });

  it('an x-amz-date more than five minutes away, malformed or missing', () => {
    const request = signedRequest();
    const justOver = FIVE_MINUTES + 1000;
    expectRejected(request, /x-amz-date is 301 s away/, { now: new Date(SIGNED_AT.getTime() + justOver) });
    expectRejected(request, /x-amz-date is 301 s away/, { now: new Date(SIGNED_AT.getTime() - justOver) });
    expectRejected(withHeaders(request, { 'x-amz-date': ['20241315T120000Z'] }), /malformed x-amz-date/);
    expectRejected(withHeaders(request, { 'x-amz-date': undefined }), /missing or malformed x-amz-date/);
  });

  it('host or x-amz-date left unsigned, and a signed header missing from the request', async () => {
    expectRejected(await signWithSmithyExcept(['host']), /^host is not signed$/);
    expectRejected(await signWithSmithyExcept(['x-amz-date']), /^x-amz-date is not signed$/);
    const withoutContentType = withHeaders(signedRequest(), { 'Content-Type': undefined });
    expectRejected(withoutContentType, /signed header "content-type" is not in the request/);
  });

  it('a missing or duplicated Authorization header, and duplicated signing headers', () => {
    const request = signedRequest();
    const authorization = request.headers.authorization ?? [];
    expectRejected(withHeaders(request, { authorization: undefined }), /missing Authorization/);
    expectRejected(withHeaders(request, { authorization: [] }), /missing Authorization/);
    const twice = [...authorization, ...authorization];
    expectRejected(withHeaders(request, { authorization: twice }), /duplicate authorization/);
    expectRejected(withHeaders(request, { Authorization: authorization }), /duplicate authorization/);
    expectRejected(withHeaders(request, { Host: ['evil.example.com'] }), /duplicate host/);
  });

  it.each<[string, (authorization: string) => string, RegExp]>([
    ['another algorithm', (a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'), /unsupported .* algorithm/],
    ['another scheme', () => 'Bearer abc', /unsupported Authorization algorithm/],
    ['no Credential', (a) => a.replace(/Credential=[^,]*, /, ''), /no Credential/],
    ['a repeated component', (a) => a.replace(/Signature=(\w+)/, 'Signature=$1, Signature=$1'), /given twice/],
    ['an unknown component', (a) => `${a}, Extra=1`, /unexpected component/],
    ['upper-case hex', (a) => a.replace(/Signature=(\w+)/, (_, hex: string) => `Signature=${hex.toUpperCase()}`), /64/],
    ['a long signature', (a) => a.replace(/Signature=(\w+)/, 'Signature=$1ab'), /64 lower-case hex/],
    ['unsorted SignedHeaders', (a) => a.replace('content-type;host', 'host;content-type'), /sorted list/],
    ['upper-case SignedHeaders', (a) => a.replace('content-type;host', 'Content-Type;host'), /sorted list/],
    ['a short Credential', (a) => a.replace('/eu-west-1/', '/'), /key\/date\/region\/service\/terminator/],
  ])('a malformed Authorization header: %s', (_, edit, reason) => {
    expectRejected(withAuthorization(signedRequest(), edit), reason);
  });

  it('an x-amz-content-sha256 that does not match the body, and a query that cannot be decoded', () => {
    const wrongHash = signedRequest({ headers: { 'x-amz-content-sha256': sha256Hex('something else') } });
    expectRejected(wrongHash, /x-amz-content-sha256 does not match the body/);
    expectRejected({ ...signedRequest(), query: 'cursor=%E1%88' }, /cannot be canonicalized/);
  });
});

describe('createCredentialStore', () => {
  it('looks keys up and defaults the identity to the key id', () => {
    const arn = 'arn:aws:iam::123456789012:user/bi';
    const lookup = createCredentialStore([KEY, { accessKeyId: 'AKIAOTHER', secretAccessKey: 's', identity: arn }]);
    expect(lookup(KEY.accessKeyId)).toEqual({ secretAccessKey: KEY.secretAccessKey, identity: KEY.accessKeyId });
    expect(lookup('AKIAOTHER')?.identity).toBe(arn);
    expect(lookup('AKIANOPE')).toBeUndefined();
  });

  it('refuses duplicated or invalid key ids and empty secrets', () => {
    expect(() => createCredentialStore([KEY, KEY])).toThrow(/configured twice/);
    expect(() => createCredentialStore([{ accessKeyId: 'A/B', secretAccessKey: 's' }])).toThrow(/Invalid access key/);
    expect(() => createCredentialStore([{ accessKeyId: 'AKIA', secretAccessKey: '' }])).toThrow(/Empty secret/);
  });
});
