/**
 * The AWS SigV4 test-suite vectors (re-derived in test/sigv4/fixtures, see its index.json) at three layers:
 * the shared canonical module, the Apps Script signer and the proxy's verifier.
 */
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildCanonicalRequest,
  buildCredentialScope,
  buildStringToSign,
  parseQueryString,
} from '../../protocol/sigv4Canonical';
import { signRequest } from '../../connector/src/sigv4/signer';
import { createCredentialStore } from '../../proxy/src/local/aws/credentialStore';
import { verifySigV4 } from '../../proxy/src/local/aws/verifySigV4';
import { nodeSigV4Crypto } from '../../tools/signing/nodeSigV4Crypto';

interface VectorCase {
  name: string;
  request: { method: string; path: string; query: string; headers: [string, string][]; body: string };
  sessionToken?: string;
  expected: {
    canonicalRequest: string;
    stringToSign: string;
    signedHeaders: string;
    signature: string;
    authorization: string;
  };
  signerApplies: boolean;
  signerSkipReason?: string;
}

const FIXTURES = path.join(__dirname, 'fixtures');
const index = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'index.json'), 'utf8')) as {
  context: {
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
    service: string;
    timestamp: string;
    host: string;
  };
  cases: string[];
  skipped: Record<string, string>;
};
const { context } = index;
const cases = index.cases.map(
  (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as VectorCase,
);
const signingDate = new Date(context.timestamp);

function computeHmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Lower-case name → values in order, as the canonical module takes them. */
function headerMap(headers: readonly [string, string][]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) {
    map.set(name.toLowerCase(), [...(map.get(name.toLowerCase()) ?? []), value]);
  }
  return map;
}

/** Headers the signer sets itself (the vectors list them among the request headers). */
const SIGNER_SET_HEADERS = ['host', 'x-amz-date', 'x-amz-security-token'];

function hasRepeatedHeader(vector: VectorCase): boolean {
  const names = vector.request.headers.map(([name]) => name.toLowerCase());
  return new Set(names).size < names.length;
}

function bodyHash(vector: VectorCase): string {
  const declared = vector.request.headers.find(([name]) => name.toLowerCase() === 'x-amz-content-sha256');
  return declared ? declared[1] : createHash('sha256').update(vector.request.body, 'utf8').digest('hex');
}

describe('SigV4 test-suite fixtures', () => {
  it('cover the relevant cases and give a reason for every skipped one', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(Object.values(index.skipped).every((reason) => reason.length > 20)).toBe(true);
    for (const vector of cases.filter((c) => !c.signerApplies)) {
      expect(vector.signerSkipReason).toEqual(expect.any(String));
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the fixture reproduces the official signature', (_, vector) => {
    const canonicalHash = createHash('sha256').update(vector.expected.canonicalRequest, 'utf8').digest('hex');
    expect(vector.expected.stringToSign.split('\n')[3]).toBe(canonicalHash);
    let key: Buffer = computeHmac(`AWS4${context.secretAccessKey}`, context.timestamp.slice(0, 10).replace(/-/g, ''));
    for (const part of [context.region, context.service, 'aws4_request']) {
      key = computeHmac(key, part);
    }
    expect(computeHmac(key, vector.expected.stringToSign).toString('hex')).toBe(vector.expected.signature);
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('vector %s', (_, vector) => {
  const { request, expected } = vector;

  it('canonical module builds the expected canonical request and string to sign', () => {
    const canonicalRequest = buildCanonicalRequest({
      method: request.method,
      path: request.path,
      query: parseQueryString(request.query),
      headers: headerMap(request.headers),
      signedHeaders: expected.signedHeaders.split(';'),
      payloadHash: bodyHash(vector),
    });
    expect(canonicalRequest).toBe(expected.canonicalRequest);
    const scope = buildCredentialScope('20150830', context.region, context.service);
    const hash = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
    expect(buildStringToSign('20150830T123600Z', scope, hash)).toBe(expected.stringToSign);
  });

  it('verifier accepts the officially signed request and rejects it under another secret', () => {
    const signed = {
      method: request.method,
      path: request.path,
      query: request.query,
      body: request.body,
      headers: { ...Object.fromEntries([...headerMap(request.headers)]), Authorization: expected.authorization },
    };
    const options = { region: context.region, service: context.service, now: signingDate };
    const store = (secretAccessKey: string) =>
      createCredentialStore([{ accessKeyId: context.accessKeyId, secretAccessKey, sessionToken: vector.sessionToken }]);
    const accepted = verifySigV4(signed, { ...options, credentials: store(context.secretAccessKey) });
    expect(accepted).toMatchObject({ ok: true });
    expect(verifySigV4(signed, { ...options, credentials: store(`${context.secretAccessKey}x`) })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  const url = `https://${context.host}${request.path}${request.query ? `?${request.query}` : ''}`;
  const scope = { region: context.region, service: context.service };
  if (vector.signerApplies) {
    it('signer produces the official Authorization header', () => {
      const callerHeaders = Object.fromEntries(
        request.headers.filter(([name]) => !SIGNER_SET_HEADERS.includes(name.toLowerCase())),
      );
      const credentials = { ...context, sessionToken: vector.sessionToken };
      const sent = signRequest(
        { method: request.method, url, headers: callerHeaders, body: request.body },
        { credentials, scope, now: signingDate, crypto: nodeSigV4Crypto },
      );
      expect(sent.authorization).toBe(expected.authorization);
    });
  } else if (!hasRepeatedHeader(vector)) {
    // Repeated headers cannot be expressed in the signer's Record at all; the canonical layer covers them.
    it('signer refuses the non-wire URL rather than sign what the server would not see', () => {
      expect(() =>
        signRequest(
          { method: request.method, url },
          { credentials: context, scope, now: signingDate, crypto: nodeSigV4Crypto },
        ),
      ).toThrow(/percent-encoded/);
    });
  }
});
