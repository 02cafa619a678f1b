/**
 * Prometheus relabeling rules for an agent's ServiceMonitor or PodMonitor: the typed rule, its
 * runtime shape, the checks Prometheus makes when it loads one (model/relabel/relabel.go,
 * Config.Validate), and the prometheus-operator field names it is written with.
 */
import { Problem } from '../base/errors';
import { isInteger, isString, listOf, oneOf, optional, Schema, struct } from '../validation/guards';

/** What a relabeling rule does (Prometheus `action`). */
export enum RelabelAction {
  /** Writes `replacement`, expanded from `regex`'s groups, to `targetLabel` when `regex` matches. */
  REPLACE = 'replace',
  /** Keeps the target or series only when `regex` matches the source labels. */
  KEEP = 'keep',
  /** Drops the target or series when `regex` matches the source labels. */
  DROP = 'drop',
  /** Keeps it only when the source labels equal `targetLabel`'s value. */
  KEEP_EQUAL = 'keepequal',
  /** Drops it when the source labels equal `targetLabel`'s value. */
  DROP_EQUAL = 'dropequal',
  /** Sets `targetLabel` to the hash of the source labels modulo `modulus` (sharding). */
  HASH_MOD = 'hashmod',
  /** Copies every label whose name matches `regex` to the name `replacement` gives. */
  LABEL_MAP = 'labelmap',
  /** Removes every label whose name matches `regex`. */
  LABEL_DROP = 'labeldrop',
  /** Removes every label whose name does not match `regex`. */
  LABEL_KEEP = 'labelkeep',
  /** Writes the source labels in lower case to `targetLabel`. */
  LOWERCASE = 'lowercase',
  /** Writes the source labels in upper case to `targetLabel`. */
  UPPERCASE = 'uppercase',
}

/**
 * One Prometheus relabeling rule. `relabelings` apply to targets before the scrape (their `__meta_*`
 * labels included), `metricRelabelings` to every scraped series (e.g. to drop expensive ones).
 *
 * @example
 * { action: RelabelAction.DROP, sourceLabels: ['__name__'], regex: 'node_scrape_collector_.*' }
 */
export interface Relabeling {
  /**
   * What the rule does.
   * @default RelabelAction.REPLACE
   */
  readonly action?: RelabelAction;
  /**
   * Labels whose values are joined with `separator` and matched against `regex`.
   * @default - none
   */
  readonly sourceLabels?: string[];
  /**
   * The string between the joined source label values.
   * @default ";"
   */
  readonly separator?: string;
  /**
   * An RE2 regular expression, anchored at both ends.
   * @default "(.*)"
   */
  readonly regex?: string;
  /**
   * The label written by replace, hashmod, lowercase and uppercase, or compared by keepequal and dropequal.
   * @default - none
   */
  readonly targetLabel?: string;
  /**
   * The value written by replace, or the label name written by labelmap; `$1` refers to `regex`'s first group.
   * @default "$1"
   */
  readonly replacement?: string;
  /**
   * The modulus of hashmod.
   * @default - none (hashmod requires one)
   */
  readonly modulus?: number;
}

/** The runtime shape of Relabeling. */
export const RELABELING_SCHEMA: Schema<Relabeling> = {
  action: optional(oneOf(RelabelAction, 'RelabelAction')),
  sourceLabels: optional(listOf(isString)),
  separator: optional(isString),
  regex: optional(isString),
  targetLabel: optional(isString),
  replacement: optional(isString),
  modulus: optional(isInteger),
};

/** A list of Relabeling, as a guard for the options schemas. */
export const isRelabelingList = listOf(struct(RELABELING_SCHEMA, 'Relabeling'));

// Prometheus's label name grammar (the operator's CRD pattern for sourceLabels).
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// A replace target or labelmap replacement with $1 / ${name} references (relabel.go relabelTarget).
const TEMPLATE_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;
const NEEDS_TARGET = new Set([
  RelabelAction.REPLACE, RelabelAction.HASH_MOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEP_EQUAL, RelabelAction.DROP_EQUAL,
]);

/** What Prometheus refuses when it loads the rule (relabel.go Config.Validate), named under `property`. */
export function relabelingProblems(property: string, r: Relabeling): Problem[] {
  const problems: Problem[] = [];
  const action = r.action ?? RelabelAction.REPLACE;
  const at = (field: string) => `${property}.${field}`;
  r.sourceLabels?.forEach((label, i) => {
    if (!LABEL_NAME.test(label)) problems.push({ property: at(`sourceLabels[${i}]`), value: label, expected: 'Use a Prometheus label name: letters, digits and "_", not starting with a digit, e.g. "__meta_kubernetes_pod_node_name".' });
  });
  if (r.regex !== undefined) {
    try {
      new RegExp(`^(?:${r.regex})$`);
    } catch (e) {
      problems.push({ property: at('regex'), value: r.regex, expected: `Prometheus cannot compile it (${(e as Error).message}): give an RE2 regular expression, e.g. "node_(.+)".` });
    }
  }
  if (NEEDS_TARGET.has(action)) {
    const target = r.targetLabel ?? '';
    const templated = action === RelabelAction.REPLACE && target.includes('$');
    if (!(templated ? TEMPLATE_TARGET.test(target) : LABEL_NAME.test(target))) {
      problems.push({ property: at('targetLabel'), value: r.targetLabel, expected: `The ${action} action writes or compares a label: give its name, e.g. "instance".` });
    }
  }
  if (action === RelabelAction.HASH_MOD && !(r.modulus !== undefined && r.modulus > 0)) {
    problems.push({ property: at('modulus'), value: r.modulus, expected: 'hashmod needs a modulus of 1 or more, e.g. the number of Prometheus shards.' });
  }
  if (r.modulus !== undefined && (r.modulus < 0 || action !== RelabelAction.HASH_MOD)) {
    problems.push({ property: at('modulus'), value: r.modulus, expected: 'Only hashmod takes a modulus, of 1 or more: drop it, or use RelabelAction.HASH_MOD.' });
  }
  if (action === RelabelAction.LABEL_MAP && r.replacement !== undefined && !TEMPLATE_TARGET.test(r.replacement)) {
    problems.push({ property: at('replacement'), value: r.replacement, expected: 'labelmap writes the label named by replacement: give a label name, with $1 for regex\'s first group, e.g. "node_$1".' });
  }
  const onlyFields = (allowed: (keyof Relabeling)[], what: string) => {
    for (const field of ['sourceLabels', 'separator', 'regex', 'targetLabel', 'replacement', 'modulus'] as const) {
      if (!allowed.includes(field) && r[field] !== undefined) problems.push({ property: at(field), value: r[field], expected: `Prometheus refuses it with the ${action} action, which takes only ${what}: drop it.` });
    }
  };
  if (action === RelabelAction.LABEL_DROP || action === RelabelAction.LABEL_KEEP) onlyFields(['regex'], 'regex');
  if (action === RelabelAction.KEEP_EQUAL || action === RelabelAction.DROP_EQUAL) onlyFields(['sourceLabels', 'targetLabel'], 'sourceLabels and targetLabel');
  if ((action === RelabelAction.LOWERCASE || action === RelabelAction.UPPERCASE) && r.replacement !== undefined) {
    problems.push({ property: at('replacement'), value: r.replacement, expected: `Prometheus refuses a replacement with the ${action} action: drop it.` });
  }
  return problems;
}

/** The rule as prometheus-operator's RelabelConfig (unset fields left out, so Prometheus's defaults apply). */
export function relabelingJson(r: Relabeling): Record<string, unknown> {
  return {
    action: r.action ?? RelabelAction.REPLACE,
    sourceLabels: r.sourceLabels ? [...r.sourceLabels] : undefined,
    separator: r.separator,
    regex: r.regex,
    targetLabel: r.targetLabel,
    replacement: r.replacement,
    modulus: r.modulus,
  };
}
