/**
 * Our synchronous signer against two independent SigV4 implementations on 240 seeded random requests, and the
 * proxy's verifier against all three signers' output.
 */
import { createCredentialStore } from '../../proxy/src/local/aws/credentialStore';
import { verifySigV4 } from '../../proxy/src/local/aws/verifySigV4';
import { isBotocoreAvailable, type SentHeaders, signWithBotocore, signWithOurSigner, signWithSmithy } from './oracles';
import { type RandomRequest, sampleRequests } from './randomRequests';

const REQUESTS = sampleRequests(240, 20240115);
const BOTOCORE = isBotocoreAvailable();
if (!BOTOCORE) {
  console.warn('SKIPPING the botocore SigV4 comparison: `python3 -c "import botocore"` fails on this machine.');
}

/** Verifies a signed request the way the local server would receive it (wire path and raw query). */
function verify(request: RandomRequest, sent: SentHeaders, secondsLater = 90) {
  const credentials = createCredentialStore([
    { accessKeyId: request.accessKeyId, secretAccessKey: request.secretAccessKey, sessionToken: request.sessionToken },
  ]);
  return verifySigV4(
    {
      method: request.method.toUpperCase(),
      path: request.wirePath,
      query: request.rawQuery,
      headers: sent,
      body: Buffer.from(request.body, 'utf8'),
    },
    { credentials, region: request.region, now: new Date(request.date.getTime() + secondsLater * 1000) },
  );
}

describe('signer vs @smithy/signature-v4', () => {
  it('produces identical headers for every random request', async () => {
    for (const request of REQUESTS) {
      expect(signWithOurSigner(request)).toEqual(await signWithSmithy(request));
    }
  });

  it('covers the edge cases it claims to (guards the generator)', () => {
    expect(REQUESTS.some((r) => r.sessionToken !== undefined)).toBe(true);
    expect(REQUESTS.some((r) => r.sessionToken === undefined)).toBe(true);
    expect(REQUESTS.some((r) => r.wirePath.includes('%E1%88%B4') || r.wirePath.includes('%F0%9F%98%80'))).toBe(true);
    expect(REQUESTS.some((r) => r.wirePath.includes('%20'))).toBe(true);
    expect(REQUESTS.some((r) => new Set(r.query.map(([key]) => key)).size < r.query.length)).toBe(true);
    expect(REQUESTS.some((r) => r.query.some(([, value]) => value === ''))).toBe(true);
    expect(REQUESTS.some((r) => [...r.body].some((ch) => ch.charCodeAt(0) > 0x7f))).toBe(true);
    expect(REQUESTS.some((r) => Object.keys(r.headers).some((name) => /[A-Z]/.test(name)))).toBe(true);
    expect(REQUESTS.some((r) => r.contentSha256)).toBe(true);
  });
});

describe('signer vs botocore', () => {
  if (!BOTOCORE) {
    it('is SKIPPED: python3 cannot import botocore on this machine', () => {
      expect(BOTOCORE).toBe(false);
    });
    return;
  }

  let botocoreHeaders: SentHeaders[] = [];
  beforeAll(() => {
    // One python process signs the whole batch: botocore takes ~0.4 s to import.
    botocoreHeaders = signWithBotocore(REQUESTS);
  });

  it('produces identical headers for every random request', () => {
    expect(botocoreHeaders).toHaveLength(REQUESTS.length);
    REQUESTS.forEach((request, index) => {
      expect(signWithOurSigner(request)).toEqual(botocoreHeaders[index]);
    });
  });

  it('is accepted by the verifier', () => {
    REQUESTS.forEach((request, index) => {
      expect(verify(request, botocoreHeaders[index])).toEqual({
        ok: true,
        identity: request.accessKeyId,
        accessKeyId: request.accessKeyId,
      });
    });
  });
});

describe('verifier', () => {
  it("accepts our signer's and smithy's signatures for every random request", async () => {
    for (const request of REQUESTS) {
      expect(verify(request, signWithOurSigner(request))).toMatchObject({ ok: true });
      expect(verify(request, await signWithSmithy(request), -200)).toMatchObject({ ok: true });
    }
  });

  it('accepts decoded multi-value query parameters (API Gateway event form) as well as the raw query', () => {
    for (const request of REQUESTS.slice(0, 60)) {
      const sent = signWithOurSigner(request);
      const decoded: Record<string, string[]> = {};
      for (const [key, value] of request.query) {
        (decoded[key] ??= []).push(value);
      }
      const credentials = createCredentialStore([request]);
      const method = request.method.toUpperCase();
      const result = verifySigV4(
        { method, path: request.wirePath, query: decoded, headers: sent, body: request.body },
        { credentials, region: request.region, now: request.date },
      );
      expect(result).toMatchObject({ ok: true });
    }
  });
});
