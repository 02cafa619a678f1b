/**
 * Problems of emitted parts already checked, found again by equal content. A fleet repeats the
 * same few containers on every agent (4 distinct containers among the benchmark's 1,000
 * DaemonSets), and a synth's one pass over the output runs the rules before V8 has optimized
 * them: checking each distinct part once is most of the validator's cost. Equality is exact
 * (`Object.is` on every value, the same keys in the same order, holes where holes are, plain
 * objects and lists only), so NaN, -0, undefined, null and a list's hole stay apart, as the rules
 * tell them apart; and a small comparison that runs for every value is optimized at once.
 */
import { Problem } from '../../base/errors';

// Emitted JSON is a few levels deep; anything deeper (or cyclic) is simply checked again.
const MAX_DEPTH = 32;

/** A plain object: made by `{}` or JSON (of any realm: jest's or a vm's), or without prototype. */
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return !Array.isArray(v) && (proto === null || Object.getPrototypeOf(proto) === null);
}

/** A copy of a value made of plain objects, lists and primitives; undefined for anything else. */
function copyOf(v: unknown, depth = 0): { value: unknown } | undefined {
  if (typeof v !== 'object' || v === null) return typeof v === 'function' ? undefined : { value: v };
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(v)) {
    // Holes stay holes: the rules' forEach skips a hole but checks an undefined item.
    const list: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) continue;
      const item = copyOf(v[i], depth + 1);
      if (!item) return undefined;
      list[i] = item.value;
    }
    return { value: list };
  }
  if (!isPlain(v)) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const item = copyOf((v as Record<string, unknown>)[key], depth + 1);
    if (!item) return undefined;
    copy[key] = item.value;
  }
  return { value: copy };
}

/** Whether two JSON-like values have the same content. */
export function sameContent(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if ((i in a) !== (i in b) || !sameContent(a[i], b[i], depth + 1)) return false;
    return true;
  }
  // Only plain objects are compared by their keys: a Date or a Map has state they do not show.
  if (!isPlain(a) || !isPlain(b)) return false;
  // In the same order too: a message may list keys as found.
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== otherKeys[i] || !sameContent(x[keys[i]], y[keys[i]], depth + 1)) return false;
  }
  return true;
}

interface Checked {
  readonly value: unknown;
  readonly problems: Problem[];
}

/**
 * Verdicts of a pure check by its inputs: a key for what the check reads besides the value
 * (the field path, the pod's context), and the value, compared by content. Bounded: a few values
 * per key, and when full it forgets everything.
 */
export class Verdicts {
  private readonly byKey = new Map<string, Checked[]>();
  private size = 0;

  /**
   * @param capacity how many values are remembered at most
   * @param perKey how many different values of one key (the candidates compared) at most
   */
  public constructor(private readonly capacity: number, private readonly perKey: number) {}

  /** `check()`'s problems for `value` under `key`, checked once while remembered. */
  public get(key: string, value: unknown, check: () => Problem[]): Problem[] {
    const known = this.byKey.get(key);
    const hit = known?.find(k => sameContent(k.value, value));
    if (hit) return hit.problems;
    const problems = check();
    if (known && known.length >= this.perKey) return problems;
    if (this.size >= this.capacity) {
      this.byKey.clear();
      this.size = 0;
    }
    // A copy, as the caller's value may change after it is checked; a value that is not made of
    // plain objects, lists and primitives (a function or a Date where JSON is expected) is not remembered.
    const copy = copyOf(value);
    if (!copy) return problems;
    const entry = { value: copy.value, problems };
    const list = this.byKey.get(key);
    if (list) list.push(entry);
    else this.byKey.set(key, [entry]);
    this.size++;
    return problems;
  }
}
