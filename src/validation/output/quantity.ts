/**
 * Resource quantities as the API server reads them: resource.ParseQuantity and
 * Quantity.UnmarshalJSON (k8s.io/apimachinery/pkg/api/resource quantity.go, v1.28 as v1.20).
 * Values are exact (a BigInt scaled by a power of ten) so that requests and limits compare as the
 * server compares them ("1" equals "1000m", "1Gi" equals "1024Mi").
 */
import { Remembered } from '../../base/remembered';

/** A parsed quantity: `num × 10^exp10`, and the format its canonical string keeps. */
export interface Quantity {
  readonly num: bigint;
  readonly exp10: number;
  readonly format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const DECIMAL_SUFFIXES: { [s: string]: number } = { '': 0, 'n': -9, 'u': -6, 'm': -3, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_SUFFIXES: { [s: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
// parseQuantityString: sign, digits, optional "." and digits, then a suffix made of the letters
// "eEinumkKMGTP", an optional sign and digits.
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/**
 * The quantity a JSON value stands for, or undefined when the server cannot decode it. Strings
 * are trimmed (UnmarshalJSON does); JSON numbers are read from their text.
 */
export function parseQuantity(v: unknown): Quantity | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    text = JSON.stringify(v);
  } else if (typeof v === 'string') {
    text = v.trim();
  } else {
    return undefined;
  }
  if (text === '') return undefined;
  return parsed.get(text, parseText);
}

/**
 * Quantities already parsed, by text: an app repeats a few ("100m", "128Mi") on every container,
 * and each is read more than once (the value check, then the request/limit comparison).
 */
const parsed = new Remembered<string, Quantity | undefined>(4096);

/** The quantity `text` stands for, frozen, as it is shared by every reader of the same text. */
function parseText(text: string): Quantity | undefined {
  const q = parseQuantityText(text);
  return q && Object.freeze(q);
}

function parseQuantityText(text: string): Quantity | undefined {
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', suffix] = m;
  let exp10: number;
  let binary = 0;
  let format: Quantity['format'];
  if (suffix in DECIMAL_SUFFIXES) {
    exp10 = DECIMAL_SUFFIXES[suffix];
    format = 'DecimalSI';
  } else if (suffix in BINARY_SUFFIXES) {
    exp10 = 0;
    binary = BINARY_SUFFIXES[suffix];
    format = 'BinarySI';
  } else if (suffix.length > 1 && /^[eE][+-]?[0-9]+$/.test(suffix)) {
    exp10 = Number(suffix.slice(1));
    if (!Number.isSafeInteger(exp10)) return undefined;
    format = 'DecimalExponent';
  } else {
    return undefined;
  }
  let num = BigInt((whole + fraction).replace(/^0+(?=.)/, '') || '0') * 2n ** BigInt(binary);
  if (sign === '-') num = -num;
  return { num, exp10: exp10 - fraction.length, format };
}

function scaled(q: Quantity, exp10: number): bigint {
  return q.num * 10n ** BigInt(q.exp10 - exp10);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  // Exponents beyond any real quantity would make 10^n enormous; compare their signs and sizes.
  if (Math.abs(a.exp10 - b.exp10) > 400) {
    const sa = a.num === 0n ? 0 : a.num > 0n ? 1 : -1;
    const sb = b.num === 0n ? 0 : b.num > 0n ? 1 : -1;
    if (sa !== sb || sa === 0) return Math.sign(sa - sb);
    return (a.exp10 > b.exp10 ? 1 : -1) * sa;
  }
  const e = Math.min(a.exp10, b.exp10);
  const x = scaled(a, e);
  const y = scaled(b, e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the quantity is below zero. */
export function isNegative(q: Quantity): boolean {
  return q.num < 0n;
}

/**
 * Whether the quantity is a whole number: MilliValue() % 1000 == 0, where MilliValue rounds up, so
 * only an exact integer passes.
 */
export function isWhole(q: Quantity): boolean {
  return q.exp10 >= 0 || q.num % 10n ** BigInt(-q.exp10) === 0n;
}

/** Whether the quantity equals one of `values`. */
export function equalsOneOf(q: Quantity, values: readonly Quantity[]): boolean {
  return values.some(v => compareQuantities(q, v) === 0);
}
