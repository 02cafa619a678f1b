/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `1e3`, `128974848`), parsed exactly with bigint
 * so `0.3` cores is 300m and not 300.00000000000006m. The scheduler compares cpu in millicores and
 * everything else in whole units, both rounded up; `toSchedulerUnits` does the same.
 */

const DECIMAL_SUFFIX: { [s: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_SUFFIX: { [s: string]: bigint } = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** An exact non-negative rational value num/den. */
interface Exact {
  readonly num: bigint;
  readonly den: bigint;
  readonly negative: boolean;
}

function parseExact(text: string): Exact | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, mantissa, exponent, suffix] = m;
  const [intPart, fracPart = ''] = mantissa.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  let power = 0;
  if (exponent !== undefined) power = Number(exponent.slice(1));
  else if (suffix !== undefined && suffix in BINARY_SUFFIX) num *= 2n ** BINARY_SUFFIX[suffix];
  else power = DECIMAL_SUFFIX[suffix ?? ''];
  if (Math.abs(power) > 100) return undefined;
  if (power >= 0) num *= 10n ** BigInt(power);
  else den *= 10n ** BigInt(-power);
  return { num, den, negative: sign === '-' && num !== 0n };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * The quantity in the units the scheduler compares: millicores for `cpu`, whole units (bytes,
 * devices) for every other resource; rounded up. Undefined when `value` is not a quantity or is
 * negative.
 */
export function toSchedulerUnits(resource: string, value: string | number): number | undefined {
  const text = String(value);
  const key = `${resource === 'cpu' ? 'c' : 'u'}${text}`;
  if (cache.has(key)) return cache.get(key);
  const exact = parseExact(text);
  const units = !exact || exact.negative ? undefined
    : Number(resource === 'cpu' ? ceilDiv(exact.num * 1000n, exact.den) : ceilDiv(exact.num, exact.den));
  // Inventories repeat the same few quantities on thousands of nodes; bigint parsing is not free.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, units);
  return units;
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, number | undefined>();

const BINARY_UNITS: ReadonlyArray<readonly [string, number]> = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** A scheduler-unit amount back as a readable quantity: `1500m`, `2`, `512Mi`, `1000000`. */
export function formatSchedulerUnits(resource: string, units: number): string {
  if (resource === 'cpu') return units % 1000 === 0 ? String(units / 1000) : `${units}m`;
  for (const [suffix, size] of BINARY_UNITS) {
    if (units >= size && units % size === 0) return `${units / size}${suffix}`;
  }
  return String(units);
}
