/**
 * Exact decimal text handling, shared by SQL literal rendering and value formatting. Working on the digits (not on
 * a JS number) is what keeps `decimal(38,10)` values and 19-digit filter values exact.
 */

const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Largest exponent accepted in input text; larger ones cannot become a sensible plain literal anyway. */
const MAX_EXPONENT = 400;

/**
 * Parses `[+-]digits[.digits][e±n]` and returns the canonical plain decimal text (no exponent, no leading zeros,
 * no trailing fraction zeros, no `-0`), or undefined when the text is not such a number.
 */
export function toPlainDecimal(text: string): string | undefined {
  const match = NUMBER_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign, intDigits, fracDigits = '', expText] = match;
  if (intDigits.length + fracDigits.length === 0) return undefined;
  const exponent = expText === undefined ? 0 : Number(expText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = intDigits + fracDigits;
  const point = intDigits.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return canonicalize(sign === '-', plain);
}

/** Number of significant integer + fraction digits of canonical plain decimal text (`0.05` → 3, `120` → 3). */
export function countDigits(plain: string): number {
  return plain.replace(/^-/, '').replace('.', '').length;
}

function canonicalize(negative: boolean, plain: string): string {
  const dot = plain.indexOf('.');
  const intPart = (dot < 0 ? plain : plain.slice(0, dot)).replace(/^0+/, '') || '0';
  const fracPart = (dot < 0 ? '' : plain.slice(dot + 1)).replace(/0+$/, '');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && body !== '0' ? `-${body}` : body;
}
