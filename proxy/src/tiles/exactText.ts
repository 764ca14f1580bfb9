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
  return scale === value.scale ? value.units : value.units * 10n ** BigInt(scale - value.scale);
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

/**
 * A running sum in the text form of its inputs, each parsed once: exactly what folding them with {@link addText}
 * gives, without printing and re-parsing the total at every step (a top-N chart merges thousands of partials).
 */
export class TextSum {
  /** The total while it is a plain decimal (it parses its text once). */
  private exact: Scaled | undefined;
  /** The total as printed, while no exact addition has changed it since. */
  private text: string | undefined;

  constructor(first: string) {
    this.text = first;
    this.exact = parsePlain(first);
  }

  add(value: string): void {
    const y = parsePlain(value);
    if (this.exact && y) {
      const scale = Math.max(this.exact.scale, y.scale);
      this.exact = { units: rescale(this.exact, scale) + rescale(y, scale), scale };
      this.text = undefined;
      return;
    }
    this.text = String(toDouble(this.total()) + toDouble(value));
    this.exact = parsePlain(this.text);
  }

  total(): string {
    return this.text ?? formatScaled(this.exact!.units, this.exact!.scale);
  }
}

/** `a + b` in the text form of the inputs (the scale of the more precise one). */
export function addText(a: string, b: string): string {
  const sum = new TextSum(a);
  sum.add(b);
  return sum.total();
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
