/**
 * Arithmetic on numbers as engines print them (docs/tiles.md#exact-merge): integers and decimals are added and
 * compared exactly (BigInt at the larger scale), so merged sums equal the engine's own sum digit for digit; doubles
 * are added as doubles. Text that is neither is refused, and the request then takes the direct path.
 */
const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Thrown when a partial cannot be merged exactly; the caller answers directly instead. */
export class NotMergeableError extends Error {}

interface Scaled {
  units: bigint;
  scale: number;
}

function parsePlain(text: string): Scaled | undefined {
  const match = PLAIN.exec(text);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}`);
  return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function toDouble(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new NotMergeableError(`not a number: ${text.slice(0, 40)}`);
  return value;
}

/** `a + b` in the text form of the inputs (the scale of the more precise one). */
export function addText(a: string, b: string): string {
  const [x, y] = [parsePlain(a), parsePlain(b)];
  if (x && y) {
    const scale = Math.max(x.scale, y.scale);
    return formatScaled(rescale(x, scale) + rescale(y, scale), scale);
  }
  return String(toDouble(a) + toDouble(b));
}

/** Negative, zero or positive as `a` is below, equal to or above `b`, numerically. */
export function compareText(a: string, b: string): number {
  const [x, y] = [parsePlain(a), parsePlain(b)];
  if (x && y) {
    const scale = Math.max(x.scale, y.scale);
    const [p, q] = [rescale(x, scale), rescale(y, scale)];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return Math.sign(toDouble(a) - toDouble(b));
}
