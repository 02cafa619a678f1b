/**
 * What Prometheus parses in the objects prometheus-operator hands it: durations (model.ParseDuration,
 * as the operator's CRDs enforce them too) and the rule groups of a PrometheusRule, as
 * rulefmt.RuleGroups.Validate checks a rule file (model/rulefmt/rulefmt.go, prometheus v3.14.0):
 * group names, one of `record` and `alert`, an expression, durations, label and annotation names,
 * templates. Names are held to the legacy grammar (letters, digits and "_"), which every
 * Prometheus 2 and any Prometheus 3 with `metric_name_validation_scheme: legacy` require. The
 * expressions themselves are parsed by the tests, with Prometheus's own PromQL grammar.
 */
import { intProblems, isJson, Json, listAt, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';

// Prometheus's model.ParseDuration grammar, which prometheus-operator's CRDs also enforce.
const PROMETHEUS_DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const PROMETHEUS_UNITS: [RegExp, number][] = [[/([0-9]+)y/, 31536e6], [/([0-9]+)w/, 6048e5], [/([0-9]+)d/, 864e5], [/([0-9]+)h(?!s)/, 36e5], [/([0-9]+)m(?!s)/, 6e4], [/([0-9]+)s/, 1e3], [/([0-9]+)ms/, 1]];

/** A label name as Prometheus's legacy validation scheme reads it (model.LabelName.IsValid). */
export const PROMETHEUS_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// A metric name (model.IsValidLegacyMetricName): a recording rule's `record`.
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Milliseconds of a Prometheus duration, or undefined if Prometheus cannot parse it. */
export function prometheusDurationMillis(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '' || !PROMETHEUS_DURATION.test(text)) return undefined;
  let rest = text;
  let total = 0;
  for (const [unit, ms] of PROMETHEUS_UNITS) {
    const m = unit.exec(rest);
    if (m && rest.startsWith(m[0])) {
      total += Number(m[1]) * ms;
      rest = rest.slice(m[0].length);
    }
  }
  return rest === '' ? total : undefined;
}

/** A Prometheus duration at `field`, if present. */
export function durationProblems(field: string, v: unknown): Problem[] {
  const problems: Problem[] = [];
  const text = stringAt(v, field, problems);
  if (text !== undefined && prometheusDurationMillis(text) === undefined) {
    problems.push({ property: field, value: text, expected: 'Use a Prometheus duration such as "30s", "15m" or "1h30m".' });
  }
  return problems;
}

/**
 * Whether every `{{` of a label or annotation value is closed: Prometheus parses them as Go
 * templates when it loads the rules, and an unclosed action fails the whole rule file.
 */
function templateProblems(field: string, value: string): Problem[] {
  for (let open = value.indexOf('{{'); open !== -1;) {
    const close = value.indexOf('}}', open + 2);
    if (close === -1) return [{ property: field, value, expected: 'Prometheus reads label and annotation values as Go templates: close the "{{" with "}}".' }];
    open = value.indexOf('{{', close + 2);
  }
  return [];
}

/** A rule's or group's labels: Prometheus label names (not `__name__`), string values. */
function labelProblems(field: string, raw: unknown, templated: boolean, what = 'label'): Problem[] {
  const problems: Problem[] = [];
  for (const [name, value] of Object.entries(objectAt(raw, field, problems) ?? {})) {
    if (!PROMETHEUS_LABEL_NAME.test(name) || (what === 'label' && name === '__name__')) {
      problems.push({ property: `${field} key`, value: name, expected: `Prometheus refuses this ${what} name: use letters, digits and "_", not starting with a digit${what === 'label' ? ', and not __name__' : ''}, e.g. "severity".` });
    }
    const text = stringAt(value, `${field}[${name}]`, problems);
    if (text !== undefined && templated) problems.push(...templateProblems(`${field}[${name}]`, text));
  }
  return problems;
}

/** One rule of a group, as rulefmt.Rule.Validate checks it. */
function ruleProblems(f: string, rule: Json): Problem[] {
  const problems: Problem[] = [];
  const alert = stringAt(rule.alert, `${f}.alert`, problems);
  const record = stringAt(rule.record, `${f}.record`, problems);
  if (alert && record) problems.push({ property: `${f}.record`, value: record, expected: `A rule is an alert or a recording rule: set one of alert ("${alert}") and record.` });
  if (!alert && !record) problems.push({ property: `${f}.alert`, value: rule.alert, expected: 'Name the rule: set alert (or record, for a recording rule).' });
  if (typeof rule.expr !== 'number' && !(typeof rule.expr === 'string' && rule.expr.trim() !== '')) {
    problems.push({ property: `${f}.expr`, value: rule.expr, expected: 'Give the rule a PromQL expression.' });
  }
  problems.push(...durationProblems(`${f}.for`, rule.for), ...durationProblems(`${f}.keep_firing_for`, rule.keep_firing_for));
  if (record) {
    if (!METRIC_NAME.test(record)) problems.push({ property: `${f}.record`, value: record, expected: 'A recording rule is named like a metric: letters, digits, "_" and ":", not starting with a digit, e.g. "job:up:sum".' });
    for (const field of ['for', 'keep_firing_for', 'annotations'] as const) {
      if (rule[field] !== undefined) problems.push({ property: `${f}.${field}`, value: rule[field], expected: `Prometheus refuses ${field} on a recording rule: drop it, or make the rule an alert.` });
    }
  }
  problems.push(...labelProblems(`${f}.labels`, rule.labels, true), ...labelProblems(`${f}.annotations`, rule.annotations, true, 'annotation'));
  return problems;
}

/** A PrometheusRule's groups: each named once, with its durations, labels and rules. */
export function prometheusRuleProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  const names = new Set<string>();
  listAt(spec.groups, 'spec.groups', problems).forEach((raw, i) => {
    const g = `spec.groups[${i}]`;
    const group = objectAt(raw, g, problems) ?? {};
    const name = stringAt(group.name, `${g}.name`, problems);
    if (!name) problems.push({ property: `${g}.name`, value: group.name, expected: 'Name every rule group.' });
    else if (names.has(name)) problems.push({ property: `${g}.name`, value: name, expected: 'Prometheus refuses a group name given twice in one rule file (one PrometheusRule): rename one.' });
    if (name) names.add(name);
    problems.push(...durationProblems(`${g}.interval`, group.interval), ...durationProblems(`${g}.query_offset`, group.query_offset));
    problems.push(...labelProblems(`${g}.labels`, group.labels, false), ...intProblems(`${g}.limit`, group.limit, 0));
    listAt(group.rules, `${g}.rules`, problems).forEach((rule, j) => {
      const r = `${g}.rules[${j}]`;
      if (isJson(rule)) problems.push(...ruleProblems(r, rule));
      else problems.push({ property: r, value: rule, expected: 'A rule is an object with alert (or record) and expr.' });
    });
  });
  return problems;
}
