/**
 * Byte helpers for the Apps Script signer. Apps Script has no TextEncoder and its `Utilities` digests take and
 * return Java `byte[]` — SIGNED bytes, −128…127 (docs/reference-looker-studio.md#utilities-signed-bytes) — so strings
 * are turned into signed UTF-8 bytes by hand here, and hex output masks each byte with `& 0xff`.
 */

/** One unsigned byte (0…255) as Apps Script's signed Java byte (−128…127). */
function toSignedByte(unsigned: number): number {
  return unsigned > 127 ? unsigned - 256 : unsigned;
}

/** Reads the code point at `index`, joining surrogate pairs; a lone surrogate becomes U+FFFD as TextEncoder does. */
function readCodePoint(text: string, index: number): { codePoint: number; width: number } {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      return { codePoint: 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), width: 2 };
    }
  }
  const isLoneSurrogate = unit >= 0xd800 && unit <= 0xdfff;
  return { codePoint: isLoneSurrogate ? 0xfffd : unit, width: 1 };
}

/** UTF-8 encoding of `text` as signed bytes, ready for `Utilities.computeDigest` / `computeHmacSignature`. */
export function encodeUtf8(text: string): number[] {
  const bytes: number[] = [];
  for (let index = 0; index < text.length;) {
    const { codePoint: c, width } = readCodePoint(text, index);
    index += width;
    if (c < 0x80) {
      bytes.push(c);
    } else if (c < 0x800) {
      bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return bytes.map(toSignedByte);
}

/** Lower-case hex of signed (or unsigned) bytes, as SigV4 prints hashes and signatures. */
export function bytesToHex(bytes: readonly number[]): string {
  let hex = '';
  for (const byte of bytes) {
    hex += ((byte & 0xff) + 0x100).toString(16).slice(1);
  }
  return hex;
}
