/**
 * The signer as Apps Script runs it: bundled by esbuild (IIFE, ES2019) and executed in a bare `vm` context with
 * no require, Buffer, TextEncoder, URL, crypto or process — only a `Utilities` stand-in that, like the real one,
 * speaks signed bytes (docs/reference-looker-studio.md#utilities-signed-bytes) and takes the HMAC message before the
 * key.
 */
import * as path from 'node:path';
import * as vm from 'node:vm';
import { build } from 'esbuild';
import { hmacSha256Signed, sha256Signed } from '../../tools/signing/nodeSigV4Crypto';
import { signWithSmithy } from './oracles';
import { sampleRequests, toUrl } from './randomRequests';

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = `
export { signRequest } from './connector/src/sigv4/signer';
export { regionFromExecuteApiHost } from './connector/src/sigv4/url';
export { createUtilitiesCrypto } from './connector/src/gas/utilitiesCrypto';
`;

/** A `Utilities` stand-in: only SHA_256 / HMAC_SHA_256, signed bytes, Apps Script's argument order. */
const fakeUtilities = {
  DigestAlgorithm: { SHA_256: 'SHA_256' },
  MacAlgorithm: { HMAC_SHA_256: 'HMAC_SHA_256' },
  computeDigest(algorithm: string, value: number[]): number[] {
    expect(algorithm).toBe('SHA_256');
    return sha256Signed(value);
  },
  computeHmacSignature(algorithm: string, value: number[], key: number[]): number[] {
    expect(algorithm).toBe('HMAC_SHA_256');
    return hmacSha256Signed(key, value);
  },
};

let context: vm.Context;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'sigv4-entry.ts' },
    bundle: true,
    format: 'iife',
    globalName: 'SigV4',
    platform: 'neutral',
    target: 'es2019',
    write: false,
    logLevel: 'silent',
  });
  context = vm.createContext({ Utilities: fakeUtilities });
  vm.runInContext(bundle.outputFiles[0].text, context, { filename: 'Code.gs' });
});

describe('signer bundled for Apps Script', () => {
  it('runs in a context without Node or web APIs', () => {
    const missing = vm.runInContext(
      '[typeof require, typeof Buffer, typeof TextEncoder, typeof URL, typeof crypto, typeof process, typeof module]',
      context,
    );
    expect([...missing]).toEqual(Array(7).fill('undefined'));
    expect(vm.runInContext("SigV4.regionFromExecuteApiHost('a1.execute-api.ap-south-2.amazonaws.com')", context)).toBe(
      'ap-south-2',
    );
  });

  it('signs through Utilities exactly like @smithy/signature-v4', async () => {
    for (const request of sampleRequests(25, 7)) {
      const call = {
        request: {
          method: request.method,
          url: toUrl(request),
          headers: request.headers,
          body: request.body,
        },
        credentials: {
          accessKeyId: request.accessKeyId,
          secretAccessKey: request.secretAccessKey,
          sessionToken: request.sessionToken,
        },
        scope: { region: request.region, service: 'execute-api' },
        epochMs: request.date.getTime(),
      };
      // Inputs are parsed inside the context so the signer only ever sees the context's own objects.
      const script = `var call = JSON.parse(callJson);
        JSON.stringify(SigV4.signRequest(call.request, { credentials: call.credentials, scope: call.scope,
          now: new Date(call.epochMs), crypto: SigV4.createUtilitiesCrypto() }))`;
      context.callJson = JSON.stringify(call);
      const signed = JSON.parse(vm.runInContext(script, context)) as Record<string, string>;
      const lowerCased = Object.fromEntries(Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value]));
      expect(lowerCased).toEqual(await signWithSmithy({ ...request, contentSha256: false }));
    }
  });
});
