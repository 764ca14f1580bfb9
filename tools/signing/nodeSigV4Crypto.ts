/**
 * Node implementation of the signer's crypto port that behaves like Apps Script's `Utilities`: it takes and returns
 * SIGNED bytes (−128…127) and refuses anything else, the way a Java `byte[]` parameter would, so a signer that
 * leaks unsigned bytes fails in tests rather than in Apps Script.
 */
import { createHash, createHmac } from 'node:crypto';
import type { SigV4Crypto } from '../../connector/src/sigv4';

function fromSignedBytes(bytes: number[], what: string): Buffer {
  for (const byte of bytes) {
    if (!Number.isInteger(byte) || byte < -128 || byte > 127) {
      throw new TypeError(`${what}: ${byte} is not a signed byte (Apps Script Byte[] holds −128…127)`);
    }
  }
  return Buffer.from(bytes.map((byte) => byte & 0xff));
}

function toSignedBytes(buffer: Buffer): number[] {
  return [...buffer].map((byte) => (byte > 127 ? byte - 256 : byte));
}

/** SHA-256 of signed bytes, as signed bytes (like `Utilities.computeDigest(SHA_256, bytes)`). */
export function sha256Signed(bytes: number[]): number[] {
  return toSignedBytes(createHash('sha256').update(fromSignedBytes(bytes, 'sha256')).digest());
}

/** HMAC-SHA256 of signed bytes under a signed-byte key (like `Utilities.computeHmacSignature(…, value, key)`). */
export function hmacSha256Signed(key: number[], message: number[]): number[] {
  const mac = createHmac('sha256', fromSignedBytes(key, 'hmac key'));
  return toSignedBytes(mac.update(fromSignedBytes(message, 'hmac message')).digest());
}

/** The port as the signer takes it. */
export const nodeSigV4Crypto: SigV4Crypto = { sha256: sha256Signed, hmacSha256: hmacSha256Signed };
