/**
 * Whether any node can satisfy a node-affinity term together with a nodeSelector: the scheduler
 * ANDs them per label key (label equality, In/NotIn, Exists/DoesNotExist, and Gt/Lt on the
 * label parsed as an int64), so contradictions are decided key by key, exactly.
 */

/** A node-affinity requirement as the scheduler reads it. */
export interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** One label's constraints, gathered from the nodeSelector and a term. */
interface KeyConstraints {
  required: boolean;
  absent: boolean;
  /** Values the label must take (intersection of label equality and In sets), if any such rule. */
  allowed?: Set<string>;
  excluded: Set<string>;
  /** Exclusive integer bounds from Gt and Lt. */
  above?: bigint;
  below?: bigint;
}

const INT = /^[+-]?[0-9]+$/;

function constraintsOf(selector: Record<string, string>, term: readonly Requirement[]): Map<string, KeyConstraints> {
  const keys = new Map<string, KeyConstraints>();
  const of = (key: string) => {
    if (!keys.has(key)) keys.set(key, { required: false, absent: false, excluded: new Set() });
    return keys.get(key)!;
  };
  const allow = (c: KeyConstraints, values: readonly string[]) => {
    c.required = true;
    c.allowed = new Set(c.allowed === undefined ? values : values.filter(v => c.allowed!.has(v)));
  };
  for (const [key, value] of Object.entries(selector)) allow(of(key), [value]);
  for (const r of term) {
    const c = of(r.key);
    switch (r.operator) {
      case 'In': allow(c, r.values); break;
      case 'NotIn': r.values.forEach(v => c.excluded.add(v)); break;
      case 'Exists': c.required = true; break;
      case 'DoesNotExist': c.absent = true; break;
      case 'Gt':
      case 'Lt': {
        c.required = true;
        // Values the scheduler cannot parse make the term never match (checked elsewhere).
        if (r.values.length !== 1 || !INT.test(r.values[0])) break;
        const bound = BigInt(r.values[0]);
        if (r.operator === 'Gt') c.above = c.above === undefined || bound > c.above ? bound : c.above;
        else c.below = c.below === undefined || bound < c.below ? bound : c.below;
        break;
      }
    }
  }
  return keys;
}

function fitsBounds(value: string, c: KeyConstraints): boolean {
  if (c.above === undefined && c.below === undefined) return true;
  if (!INT.test(value)) return false;
  const n = BigInt(value);
  return (c.above === undefined || n > c.above) && (c.below === undefined || n < c.below);
}

/** Why no value of one label satisfies its constraints, or undefined when one does. */
function keyConflict(key: string, c: KeyConstraints): string | undefined {
  if (c.absent && c.required) return `${key} must both exist and not exist`;
  if (!c.required) return undefined;
  if (c.allowed !== undefined) {
    if (![...c.allowed].some(v => !c.excluded.has(v) && fitsBounds(v, c))) return `no value of ${key} is allowed by every requirement`;
    return undefined;
  }
  if (c.above !== undefined || c.below !== undefined) {
    const low = c.above ?? -(2n ** 63n);
    const high = c.below ?? 2n ** 63n;
    // Integers strictly between the bounds that NotIn does not exclude.
    const room = high - low - 1n;
    const excludedInside = [...c.excluded].filter(v => fitsBounds(v, c)).map(v => BigInt(v));
    if (room <= BigInt(new Set(excludedInside.map(String)).size)) return `no integer value of ${key} lies between the Gt and Lt bounds`;
  }
  return undefined;
}

/** Why no node can match this term together with the nodeSelector, or undefined. */
export function termConflict(selector: Record<string, string>, term: readonly Requirement[]): string | undefined {
  for (const [key, c] of constraintsOf(selector, term)) {
    const conflict = keyConflict(key, c);
    if (conflict) return conflict;
  }
  return undefined;
}
