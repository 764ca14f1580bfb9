/**
 * Apps Script `Byte[]` values are Java bytes: plain arrays of signed integers −128…127
 * (docs/reference-looker-studio.md#utilities-signed-bytes).
 */

/** Converts raw bytes to Apps Script's signed byte array. */
export function toSignedBytes(bytes: Uint8Array): number[] {
  return Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
}

/** Accepts only what Apps Script accepts as Byte[]: an array of integers in −128…127. */
export function fromSignedBytes(value: unknown, what: string): Buffer {
  if (!Array.isArray(value) || !value.every((b) => Number.isInteger(b) && b >= -128 && b <= 127)) {
    throw new Error(`Exception: Invalid argument: ${what} must be a Byte[] of signed values (-128..127)`);
  }
  return Buffer.from(value.map((b: number) => b & 0xff));
}
