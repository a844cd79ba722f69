/**
 * Kubernetes resource quantities, parsed exactly (k8s.io/apimachinery pkg/api/resource/quantity.go):
 * `<signedNumber><suffix>`, suffix one of the binary (Ki … Ei), decimal (n u m "" k M G T P E)
 * or exponent (e3, E-2) forms. Values are exact rationals so `1Gi` equals `1073741824`.
 */
export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly text: string;
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]{1,4}))?$/;

export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) return parseQuantity(String(input));
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', suffix, exponent] = match;
  if (whole === '' && fraction === '') return undefined;
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let denominator = 10n ** BigInt(fraction.length);
  if (suffix !== undefined && suffix in BINARY) numerator *= BINARY[suffix] as bigint;
  else {
    const power = exponent !== undefined ? Number(exponent) : (DECIMAL[suffix ?? ''] ?? 0);
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  if (sign === '-') numerator = -numerator;
  return { numerator, denominator, text };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function addQuantities(a: Quantity | undefined, b: Quantity): Quantity {
  if (!a) return b;
  return { numerator: a.numerator * b.denominator + b.numerator * a.denominator, denominator: a.denominator * b.denominator, text: `${a.text}+${b.text}` };
}

/** The value as a JavaScript number (for display and ratios). */
export function quantityValue(q: Quantity): number {
  return Number(q.numerator) / Number(q.denominator);
}

/** Bytes shown the way people write them: `512Mi`, `1.5Gi`. */
export function formatBytes(bytes: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${units[unit]}`;
}
