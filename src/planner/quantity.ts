/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `1e3`, `128974848`) in the scheduler's units,
 * read by the same exact parser as the output validator (so `0.3` cores is 300m, not
 * 300.00000000000006m). The scheduler compares cpu in millicores and everything else in whole
 * units, both rounded up; `toSchedulerUnits` does the same.
 */
import { isNegative, parseQuantity } from '../validation/output/quantity';

// The planner reads a manifest's quantities as written: digits required, no surrounding spaces.
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;
// The scheduler's exponents stay small; a larger one (1e400) is no node's allocatable.
const MAX_EXPONENT = 100;

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** The value times `scale`, rounded up; undefined when it is not a usable quantity. */
function scaledUp(text: string, scale: bigint): number | undefined {
  const q = QUANTITY.test(text) ? parseQuantity(text) : undefined;
  if (!q || isNegative(q) || Math.abs(q.exp10) > MAX_EXPONENT) return undefined;
  return Number(q.exp10 >= 0 ? q.num * scale * 10n ** BigInt(q.exp10) : ceilDiv(q.num * scale, 10n ** BigInt(-q.exp10)));
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
  const units = scaledUp(text, resource === 'cpu' ? 1000n : 1n);
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
