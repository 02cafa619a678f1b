/**
 * The controller's `fitsNodeAffinity` check (reference §2.1, §2.2): the template's `nodeSelector`
 * map and its required node affinity, both of which must match. We split the explanation in two
 * (NodeSelectorMismatch, NodeAffinityMismatch); the controller has one boolean.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from './k8s-types';
import { LabelRequirement } from './label-requirement';
import type { NodeView } from './node-view';

/** A `matchFields` entry. The only node field is `metadata.name`; any other key reads as "". */
class FieldRequirement {
  public static parse(req: NodeSelectorRequirement): FieldRequirement | string {
    const op = req.operator ?? '';
    if (op !== 'In' && op !== 'NotIn') return `matchFields operator "${op}" is not In or NotIn`;
    const values = req.values ?? [];
    if (values.length !== 1) return `matchFields ${req.key ?? ''} ${op} must have exactly one value, has ${values.length}`;
    return new FieldRequirement(req.key ?? '', op === 'In', String(values[0]));
  }

  private constructor(readonly key: string, private readonly isIn: boolean, readonly value: string) {}

  public matches(nodeName: string): boolean {
    const actual = this.key === 'metadata.name' ? nodeName : '';
    return this.isIn ? actual === this.value : actual !== this.value;
  }

  public toString(): string {
    return `${this.key} ${this.isIn ? 'In' : 'NotIn'} [${this.value}]`;
  }
}

/** One `nodeSelectorTerms` entry: its expressions and fields, ANDed; or why it can never match. */
interface Term {
  /** Position in the manifest, 1-based, counting empty terms too so users can find it. */
  readonly number: number;
  readonly expressions: readonly LabelRequirement[];
  readonly fields: readonly FieldRequirement[];
  /** Set when the term is empty (skipped) or failed to parse (never matches). */
  readonly problem?: string;
}

function isEmptyTerm(t: NodeSelectorTerm | null | undefined): boolean {
  return !t || ((t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0);
}

function parseTerm(t: NodeSelectorTerm, number: number): Term {
  const expressions: LabelRequirement[] = [];
  const fields: FieldRequirement[] = [];
  for (const req of t.matchExpressions ?? []) {
    const parsed = LabelRequirement.parse(req ?? {});
    if (typeof parsed === 'string') return { number, expressions: [], fields: [], problem: `is invalid (matchExpressions: ${parsed}), so it never matches` };
    expressions.push(parsed);
  }
  for (const req of t.matchFields ?? []) {
    const parsed = FieldRequirement.parse(req ?? {});
    if (typeof parsed === 'string') return { number, expressions: [], fields: [], problem: `is invalid (${parsed}), so it never matches` };
    fields.push(parsed);
  }
  return { number, expressions, fields };
}

function termMatches(t: Term, node: NodeView): boolean {
  if (t.problem) return false;
  for (const e of t.expressions) if (!e.matches(node.labels)) return false;
  // The field check is skipped for a node without a name (extractNodeFields yields no fields).
  if (node.name !== '') for (const f of t.fields) if (!f.matches(node.name)) return false;
  return true;
}

/** Which requirement of the term fails for the node and what the node has there. */
function failureSignature(t: Term, node: NodeView): string {
  if (t.problem) return '!';
  for (let i = 0; i < t.expressions.length; i++) {
    const e = t.expressions[i];
    if (!e.matches(node.labels)) {
      const value = node.labels.get(e.key);
      return value === undefined ? `${i}` : `${i}=${value}`;
    }
  }
  for (let i = 0; i < t.fields.length; i++) if (!t.fields[i].matches(node.name)) return `f${i}=${node.name}`;
  return '';
}

function explainTerm(t: Term, node: NodeView): string {
  if (t.problem) return `term ${t.number} ${t.problem}`;
  for (const e of t.expressions) if (!e.matches(node.labels)) return `term ${t.number}: ${e}: ${e.mismatch(node.labels)}`;
  for (const f of t.fields) if (!f.matches(node.name)) return `term ${t.number}: ${f}: node is ${node.name}`;
  return `term ${t.number} matches`;
}

/** `nodeSelector` and required node affinity of one pod template, parsed once. */
export class NodeAffinityMatcher {
  public static compile(spec: PodSpec): NodeAffinityMatcher {
    const selector = Object.entries(spec.nodeSelector ?? {}).map(([k, v]) => [k, String(v)] as const);
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required) return new NodeAffinityMatcher(selector, undefined, []);
    const all = required.nodeSelectorTerms ?? [];
    const terms: Term[] = [];
    const skipped: number[] = [];
    all.forEach((t, i) => {
      if (isEmptyTerm(t)) skipped.push(i + 1);
      else terms.push(parseTerm(t, i + 1));
    });
    return new NodeAffinityMatcher(selector, terms, skipped);
  }

  private readonly selectorMessages: Array<Map<string | undefined, string>> = [];
  private readonly affinityMessages = new Map<string, string>();

  private constructor(
    private readonly selector: ReadonlyArray<readonly [string, string]>,
    /** Undefined when there is no required node affinity (no constraint). */
    private readonly terms: readonly Term[] | undefined,
    private readonly emptyTerms: readonly number[],
  ) {}

  /** The label keys the checks and their explanations read: nodes equal on these look the same. */
  public labelKeys(): string[] {
    const keys = this.selector.map(([k]) => k);
    for (const t of this.terms ?? []) for (const e of t.expressions) keys.push(e.key);
    return keys;
  }

  /** Whether a term matches on the node's name (`matchFields`), which no two nodes share. */
  public readsNodeName(): boolean {
    return (this.terms ?? []).some(t => t.fields.length > 0);
  }

  /** The `nodeSelector` map: every key present with exactly that value. */
  public selectorMatches(node: NodeView): boolean {
    const sel = this.selector;
    for (let i = 0; i < sel.length; i++) {
      if (node.labels.get(sel[i][0]) !== sel[i][1]) return false;
    }
    return true;
  }

  /** Required node affinity: terms ORed; no usable term matches nothing. */
  public affinityMatches(node: NodeView): boolean {
    const terms = this.terms;
    if (terms === undefined) return true;
    for (let i = 0; i < terms.length; i++) if (termMatches(terms[i], node)) return true;
    return false;
  }

  /** For a node failing `selectorMatches`: the first failing key and what the node has. */
  public explainSelector(node: NodeView): string {
    for (let i = 0; i < this.selector.length; i++) {
      const [k, v] = this.selector[i];
      const actual = node.labels.get(k);
      if (actual === v) continue;
      // Messages are cached per (key, value the node has): thousands of nodes share a handful.
      const cache = (this.selectorMessages[i] ??= new Map());
      let message = cache.get(actual);
      if (message === undefined) {
        message = `nodeSelector ${k}=${v}: ${actual === undefined ? `node has no label ${k}` : `node has ${k}=${actual}`}`;
        cache.set(actual, message);
      }
      return message;
    }
    return 'nodeSelector matches';
  }

  /** For a node failing `affinityMatches`: every term tried and its first failing requirement. */
  public explainAffinity(node: NodeView): string {
    // The message depends only on which requirement fails in each term and the node's value for
    // it; that signature is far cheaper to build than the message, so it keys a cache.
    let signature = '';
    for (const t of this.terms ?? []) signature += `${failureSignature(t, node)}\u0000`;
    let message = this.affinityMessages.get(signature);
    if (message === undefined) {
      message = this.buildAffinityMessage(node);
      this.affinityMessages.set(signature, message);
    }
    return message;
  }

  private buildAffinityMessage(node: NodeView): string {
    const terms = this.terms ?? [];
    const empty = this.emptyTerms.length > 0 ? ` (empty ${plural(this.emptyTerms.length, 'term')} ${this.emptyTerms.join(', ')} skipped)` : '';
    if (terms.length === 0) {
      return `required node affinity has no non-empty nodeSelectorTerms${empty}, so it matches no node`;
    }
    const parts = terms.map(t => explainTerm(t, node)).join('; ');
    const head = terms.length === 1 ? 'required node affinity' : `required node affinity (none of ${terms.length} terms matches)`;
    return `${head}${empty}: ${parts}`;
  }
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
