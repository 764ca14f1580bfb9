/**
 * Adapts Apps Script's `Utilities` digests to the signer's synchronous crypto port. Both speak signed byte arrays
 * (docs/reference-looker-studio.md#utilities-signed-bytes), so bytes pass straight through. `Utilities` is only read
 * when the adapter is created, never at module load.
 */
import type { SigV4Crypto } from '../sigv4';

/** The slice of `Utilities` the signer needs (the real global satisfies it; test fakes implement just this). */
export interface DigestUtilities {
  DigestAlgorithm: { SHA_256: GoogleAppsScript.Utilities.DigestAlgorithm };
  MacAlgorithm: { HMAC_SHA_256: GoogleAppsScript.Utilities.MacAlgorithm };
  computeDigest(algorithm: GoogleAppsScript.Utilities.DigestAlgorithm, value: number[]): number[];
  computeHmacSignature(algorithm: GoogleAppsScript.Utilities.MacAlgorithm, value: number[], key: number[]): number[];
}

/** A {@link SigV4Crypto} backed by `Utilities.computeDigest` and `Utilities.computeHmacSignature`. */
export function createUtilitiesCrypto(utilities: DigestUtilities = Utilities): SigV4Crypto {
  return {
    sha256: (bytes) => utilities.computeDigest(utilities.DigestAlgorithm.SHA_256, bytes),
    // Apps Script takes the message first and the key second.
    hmacSha256: (key, message) => utilities.computeHmacSignature(utilities.MacAlgorithm.HMAC_SHA_256, message, key),
  };
}
