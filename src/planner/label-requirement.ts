/**
 * One `matchExpressions` entry of a node selector term, parsed and matched the way the API
 * machinery's label requirements are (reference §2.2): the parse rules decide whether the term can
 * match at all, the match rules decide per node. Parsing happens once per DaemonSet; `matches` runs
 * once per node and must stay allocation-free.
 */
import type { NodeSelectorRequirement } from './k8s-types';

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const INTEGER = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Why a label key is not a qualified name (`[prefix/]name`), or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name has at most one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return 'the prefix before "/" must not be empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return `prefix "${prefix}" is not a DNS-1123 subdomain`;
  }
  if (name.length === 0) return 'the name must not be empty';
  if (name.length > 63) return 'the name must be at most 63 characters';
  if (!LABEL_NAME.test(name)) return 'the name must consist of alphanumerics, "-", "_" or "." and start and end with an alphanumeric';
  return undefined;
}

/** True when `value` is a valid label value (≤ 63 characters, may be empty). */
export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * Parses a string the way Go's `strconv.ParseInt(s, 10, 64)` does: optional sign, decimal digits
 * (leading zeros allowed), within int64. Returns a number when it is exact, a bigint otherwise, and
 * undefined when Go would return an error.
 */
export function parseInt64(s: string): number | bigint | undefined {
  if (!INTEGER.test(s)) return undefined;
  // 15 digits stay below 2^53, so the number is exact and certainly within int64.
  const digits = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? s.length - 1 : s.length;
  if (digits <= 15) return Number(s);
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) return undefined;
  return big;
}

function compareInt64(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

enum Op { In, NotIn, Exists, DoesNotExist, Gt, Lt }

const OPERATORS: { [name: string]: Op } = {
  In: Op.In, NotIn: Op.NotIn, Exists: Op.Exists, DoesNotExist: Op.DoesNotExist, Gt: Op.Gt, Lt: Op.Lt,
};

/** A parsed label requirement; build it with `LabelRequirement.parse`. */
export class LabelRequirement {
  /** Parses one requirement; returns the reason when the API machinery would refuse it. */
  public static parse(req: NodeSelectorRequirement): LabelRequirement | string {
    const key = req.key ?? '';
    const operator = req.operator ?? '';
    const values = req.values ?? [];
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return `key "${key}" is not a valid label key: ${keyProblem}`;
    if (!Object.prototype.hasOwnProperty.call(OPERATORS, operator)) {
      return `operator "${operator}" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt`;
    }
    const op = OPERATORS[operator];
    let bound: number | bigint = 0;
    switch (op) {
      case Op.In:
      case Op.NotIn:
        if (values.length === 0) return `operator ${operator} needs at least one value`;
        break;
      case Op.Exists:
      case Op.DoesNotExist:
        if (values.length !== 0) return `operator ${operator} takes no values`;
        break;
      case Op.Gt:
      case Op.Lt: {
        if (values.length !== 1) return `operator ${operator} needs exactly one value`;
        const parsed = parseInt64(String(values[0]));
        if (parsed === undefined) return `operator ${operator} needs an integer value, got "${values[0]}"`;
        bound = parsed;
        break;
      }
    }
    for (const v of values) {
      if (typeof v !== 'string') return `value ${JSON.stringify(v)} is not a string`;
      if (!isValidLabelValue(v)) return `value "${v}" is not a valid label value`;
    }
    return new LabelRequirement(key, operator, op, values, bound);
  }

  private readonly valueSet: ReadonlySet<string>;

  private constructor(
    public readonly key: string,
    public readonly operator: string,
    private readonly op: Op,
    public readonly values: readonly string[],
    private readonly bound: number | bigint,
  ) {
    this.valueSet = new Set(values);
  }

  /** `Requirement.Matches`: does a node with these labels satisfy the requirement? */
  public matches(labels: ReadonlyMap<string, string>): boolean {
    const value = labels.get(this.key);
    switch (this.op) {
      case Op.In: return value !== undefined && this.valueSet.has(value);
      case Op.NotIn: return value === undefined || !this.valueSet.has(value);
      case Op.Exists: return value !== undefined;
      case Op.DoesNotExist: return value === undefined;
      case Op.Gt:
      case Op.Lt: {
        if (value === undefined) return false;
        const n = parseInt64(value);
        if (n === undefined) return false;
        const c = compareInt64(n, this.bound);
        return this.op === Op.Gt ? c > 0 : c < 0;
      }
    }
  }

  /** The requirement as written: `node-type In [gpu, tpu]`, `zone Exists`. */
  public toString(): string {
    if (this.op === Op.Exists || this.op === Op.DoesNotExist) return `${this.key} ${this.operator}`;
    if (this.op === Op.Gt || this.op === Op.Lt) return `${this.key} ${this.operator} ${this.values[0]}`;
    return `${this.key} ${this.operator} [${this.values.join(', ')}]`;
  }

  /** What the node has instead, for a requirement that does not match it. */
  public mismatch(labels: ReadonlyMap<string, string>): string {
    const value = labels.get(this.key);
    if (value === undefined) return `node has no label ${this.key}`;
    if ((this.op === Op.Gt || this.op === Op.Lt) && parseInt64(value) === undefined) {
      return `node has ${this.key}=${value}, not an integer`;
    }
    return `node has ${this.key}=${value}`;
  }
}
