import { AlertRule } from './alert-rule';
import { Problem } from '../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../base/names';
import { isBoolean, isString, listOf, mapOf, optional, Schema, struct } from '../validation/guards';
import { PROMETHEUS_LABEL_NAME } from '../validation/output/prometheus-rules';

/**
 * Options for an agent's health alerts: a prometheus-operator PrometheusRule with kubernetes-mixin's
 * DaemonSet alerts for the agent's DaemonSet and the agent's own alerts from its metrics. Giving
 * them asks for the alerts (`{}` with the defaults); `{ enabled: false }` turns them off.
 */
export interface AgentAlertsOptions {
  /**
   * Emit the PrometheusRule (its CRD must exist in the cluster, as for a ServiceMonitor).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Extra labels on the PrometheusRule object, for a Prometheus whose `ruleSelector` selects on
   * them (e.g. `{ release: 'kube-prometheus-stack' }`).
   * @default - the agent's recommended labels only
   */
  readonly labels?: { [key: string]: string };
  /**
   * Labels added to every alert, for Alertmanager's routing (e.g. `{ team: 'platform' }`). The
   * alert's own `severity` is set with `severities`.
   * @default - none
   */
  readonly alertLabels?: { [name: string]: string };
  /**
   * The `severity` label of an alert, by alert name (e.g. `{ KubeDaemonSetNotScheduled: 'critical' }`).
   * @default - each alert's own: "warning", as kubernetes-mixin's DaemonSet alerts
   */
  readonly severities?: { [alert: string]: string };
  /**
   * Where the runbooks are: each alert gets `runbook_url` `<runbookBaseUrl>/<alert name in lower case>`,
   * as kubernetes-mixin forms its links (e.g. "https://runbooks.prometheus-operator.dev/runbooks/kubernetes"
   * for its DaemonSet alerts' runbooks).
   * @default - no runbook_url; each alert's description names the commands to run
   */
  readonly runbookBaseUrl?: string;
  /**
   * The `job` label of kube-state-metrics' series, which the DaemonSet alerts (and the CNI and
   * storage agents' own) read.
   * @default "kube-state-metrics" (kube-prometheus and kube-prometheus-stack)
   */
  readonly kubeStateMetricsJob?: string;
  /**
   * Alerts to leave out, by name: e.g. the three KubeDaemonSet* alerts where the cluster's
   * kubernetes-mixin rules already cover every DaemonSet and their routing differs.
   * @default - none
   */
  readonly exclude?: string[];
}

/** The runtime shape of AgentAlertsOptions. */
export const AGENT_ALERTS_OPTIONS_SCHEMA: Schema<AgentAlertsOptions> = {
  enabled: optional(isBoolean),
  labels: optional(mapOf(isString)),
  alertLabels: optional(mapOf(isString)),
  severities: optional(mapOf(isString)),
  runbookBaseUrl: optional(isString),
  kubeStateMetricsJob: optional(isString),
  exclude: optional(listOf(isString)),
};

/** AgentAlertsOptions, as a guard for AgentOptions' schema. */
export const isAgentAlertsOptions = struct(AGENT_ALERTS_OPTIONS_SCHEMA, 'AgentAlertsOptions');

/** The default `job` of kube-state-metrics, as kube-prometheus's ServiceMonitor names it. */
export const KUBE_STATE_METRICS_JOB = 'kube-state-metrics';

// Label names alertLabels may not set, and why.
const OWN_LABELS = new Map([
  ['alertname', 'Prometheus sets alertname to the alert\'s name: drop it from alertLabels.'],
  ['severity', 'Each alert sets its own severity: change it with alerts.severities instead.'],
  ['__name__', 'Prometheus refuses __name__ as a rule label: drop it.'],
]);

/**
 * Whether the agent emits its PrometheusRule: as asked, or, when `alerts` is not given, when it
 * emits a ServiceMonitor or PodMonitor (prometheus-operator's CRDs are then in the cluster).
 */
export function alertsWanted(options: AgentAlertsOptions | undefined, monitored: boolean): boolean {
  return options === undefined ? monitored : options.enabled ?? true;
}

/** A name in `list` that is not one of the agent's alerts. */
function unknownAlert(property: string, name: string, known: readonly string[]): Problem[] {
  if (known.includes(name)) return [];
  return [{ property, value: name, expected: `The agent emits no alert of that name here: use one of ${known.join(', ')}.` }];
}

/** What Prometheus, prometheus-operator or the API server would refuse, and settings nothing reads. */
export function alertsProblems(options: AgentAlertsOptions, rules: readonly AlertRule[]): Problem[] {
  const { enabled, ...rest } = options;
  if (enabled === false) {
    const given = Object.keys(rest).filter(k => rest[k as keyof typeof rest] !== undefined);
    return given.length === 0 ? [] : [{ property: 'alerts', value: options, expected: `enabled is false, so no PrometheusRule uses ${given.join(', ')}: drop them, or drop enabled: false.` }];
  }
  const known = rules.map(r => r.alert);
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    problems.push(...qualifiedNameProblems('alerts.labels key', key), ...labelValueProblems(`alerts.labels[${key}]`, value));
  }
  for (const name of Object.keys(options.alertLabels ?? {})) {
    const own = OWN_LABELS.get(name);
    if (own) problems.push({ property: 'alerts.alertLabels key', value: name, expected: own });
    else if (!PROMETHEUS_LABEL_NAME.test(name)) problems.push({ property: 'alerts.alertLabels key', value: name, expected: 'Use a Prometheus label name: letters, digits and "_", not starting with a digit, e.g. "team".' });
  }
  for (const [alert, severity] of Object.entries(options.severities ?? {})) {
    problems.push(...unknownAlert('alerts.severities key', alert, known));
    if (severity === '') problems.push({ property: `alerts.severities[${alert}]`, value: severity, expected: 'Alertmanager routes on the severity: give one, e.g. "critical".' });
  }
  (options.exclude ?? []).forEach((alert, i) => problems.push(...unknownAlert(`alerts.exclude[${i}]`, alert, known)));
  if (problems.length === 0 && known.every(alert => options.exclude?.includes(alert))) {
    problems.push({ property: 'alerts.exclude', value: options.exclude, expected: 'Every alert is excluded, which leaves an empty PrometheusRule: set enabled: false instead.' });
  }
  if (options.runbookBaseUrl !== undefined) problems.push(...runbookProblems(options.runbookBaseUrl));
  if (options.kubeStateMetricsJob === '') {
    problems.push({ property: 'alerts.kubeStateMetricsJob', value: '', expected: 'Give the job label of kube-state-metrics\' series, e.g. "kube-state-metrics".' });
  }
  return problems;
}

/** A runbook base: an http(s) URL that a path can follow (no query or fragment). */
function runbookProblems(url: string): Problem[] {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed && ['http:', 'https:'].includes(parsed.protocol) && parsed.search === '' && parsed.hash === '' && !url.includes('?') && !url.includes('#')) return [];
  return [{ property: 'alerts.runbookBaseUrl', value: url, expected: 'Use an http(s) URL without query or fragment, which the alert\'s name follows, e.g. "https://runbooks.example.com/agents".' }];
}

/** The runbook of an alert under `base`, as kubernetes-mixin links its runbooks (lib/add-runbook-links.libsonnet). */
export function runbookUrl(base: string, alert: string): string {
  return `${base.replace(/\/+$/, '')}/${alert.toLowerCase()}`;
}
