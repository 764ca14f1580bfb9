/**
 * Utilities fake (docs/reference-looker-studio.md#utilities-signed-bytes): digests and HMACs return SIGNED byte arrays
 * like Apps Script, base64 helpers, getUuid, and a blocking `sleep` (real, or virtual when tests only need to know it
 * was asked).
 */
import * as crypto from 'node:crypto';
import { fromSignedBytes, toSignedBytes } from './bytes';

const DIGESTS = { MD2: 'md2', MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
const MACS = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};
const CHARSETS = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' };
const enumOf = <T extends object>(values: T) =>
  Object.freeze(Object.fromEntries(Object.keys(values).map((k) => [k, k]))) as { [K in keyof T]: K };

/** Sleep mode: `real` blocks the thread (needed against a live proxy), `virtual` only records. */
export type SleepMode = 'real' | 'virtual';

/** Builds the `Utilities` global; every requested sleep is appended to `sleeps`. */
export function createUtilities(sleeps: number[], mode: SleepMode = 'real') {
  return {
    DigestAlgorithm: enumOf(DIGESTS),
    MacAlgorithm: enumOf(MACS),
    Charset: enumOf(CHARSETS),
    computeDigest(algorithm: keyof typeof DIGESTS, value: unknown, charset?: string) {
      const name = DIGESTS[algorithm];
      if (!name) throw new Error(`Exception: Invalid argument: algorithm ${String(algorithm)}`);
      return toSignedBytes(
        crypto
          .createHash(name)
          .update(toBuffer(value, charset, 'value'))
          .digest(),
      );
    },
    computeHmacSha256Signature(value: unknown, key: unknown, charset?: string) {
      return hmac('sha256', value, key, charset);
    },
    computeHmacSignature(algorithm: keyof typeof MACS, value: unknown, key: unknown, charset?: string) {
      const name = MACS[algorithm];
      if (!name) throw new Error(`Exception: Invalid argument: algorithm ${String(algorithm)}`);
      return hmac(name, value, key, charset);
    },
    base64Encode: (data: unknown, charset?: string) => toBuffer(data, charset, 'data').toString('base64'),
    base64EncodeWebSafe: (data: unknown, charset?: string) =>
      toBuffer(data, charset, 'data').toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    base64Decode: (encoded: string) => toSignedBytes(Buffer.from(encoded, 'base64')),
    base64DecodeWebSafe: (encoded: string) => toSignedBytes(Buffer.from(encoded, 'base64url')),
    getUuid: () => crypto.randomUUID(),
    sleep(milliseconds: number) {
      if (!Number.isFinite(milliseconds) || milliseconds < 0) {
        throw new Error(`Exception: Invalid argument: milliseconds ${milliseconds}`);
      }
      sleeps.push(milliseconds);
      if (mode === 'real') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
    },
  };
}

/** Both arguments must be strings or both Byte[] — the two overloads Apps Script has. */
function hmac(algorithm: string, value: unknown, key: unknown, charset?: string): number[] {
  if (typeof value !== typeof key) throw new Error('Exception: Invalid argument: value and key types differ');
  const mac = crypto.createHmac(algorithm, toBuffer(key, charset, 'key'));
  return toSignedBytes(mac.update(toBuffer(value, charset, 'value')).digest());
}

function toBuffer(value: unknown, charset: string | undefined, what: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, charset === 'US_ASCII' ? 'latin1' : 'utf8');
  return fromSignedBytes(value, what);
}
