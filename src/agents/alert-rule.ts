/**
 * What an agent's health alert is made of, the scope every alert is written for, and the PromQL
 * pieces the alerts share. Internal: the agents hand their alerts to the base as AlertRules; the
 * public surface is AgentAlertsOptions.
 */

/** One alerting rule, before the user's options (severity, labels, runbook) apply. */
export interface AlertRule {
  /** The alert's name (`alertname`), e.g. "KubeDaemonSetNotScheduled". */
  readonly alert: string;
  /** The PromQL expression; every series it returns is a firing alert. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires (a Prometheus duration); none fires at once. */
  readonly for?: string;
  /** The default `severity` label. */
  readonly severity: string;
  /** One line: what is wrong. */
  readonly summary: string;
  /** What is wrong where (templated with the series' labels), and how to find out why. */
  readonly description: string;
}

/** Where an agent's alerts look: its DaemonSet, and the jobs its metrics come from. */
export interface AlertScope {
  /** The agent's namespace. */
  readonly namespace: string;
  /** The DaemonSet's name. */
  readonly daemonSet: string;
  /** The `job` label of kube-state-metrics' series. */
  readonly kubeStateMetricsJob: string;
  /**
   * The `job` label of the agent's own series: the ServiceMonitor's or PodMonitor's, which takes
   * it from the `app.kubernetes.io/name` label (`jobLabel`); undefined when the agent emits
   * neither, as the job another scrape configuration gives it is unknown.
   */
  readonly job?: string;
}

/**
 * A PromQL label matcher list, `{a="x", b="y"}`. Values are written as JSON strings, whose
 * escapes (`\"`, `\\`, `\uXXXX`) are the ones PromQL's double-quoted strings read.
 */
export function selector(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/** The matchers of kube-state-metrics' series in the agent's namespace, with `extra` after them. */
export function kubeStateMetrics(scope: AlertScope, extra: Record<string, string> = {}): string {
  return selector({ job: scope.kubeStateMetricsJob, namespace: scope.namespace, ...extra });
}

/**
 * The DaemonSet's pods as kube-state-metrics lists them, one series per pod with its `node`
 * (kube_pod_info's `created_by_*` labels name the owning controller): joined onto a per-pod
 * expression, it both keeps the DaemonSet's pods only and names each one's node.
 */
export function daemonSetPods(scope: AlertScope): string {
  const info = kubeStateMetrics(scope, { created_by_kind: 'DaemonSet', created_by_name: scope.daemonSet });
  return `max by (namespace, pod, node) (kube_pod_info${info})`;
}

/**
 * How to find out why a node has no pod of the DaemonSet, offline and then on the cluster, as the
 * debugging flow goes: the pod is missing, so check the nodes, their labels against the
 * DaemonSet's selector, their taints against its tolerations, then the pod's events.
 */
export function missingPodSteps(scope: AlertScope): string {
  const ds = `${scope.daemonSet} -n ${scope.namespace}`;
  return [
    'Which nodes lack a pod and why, offline: `kubectl get nodes -o json > nodes.json`, then',
    '`cdk8s-daemonsets plan --nodes nodes.json dist/` (dist/ being the synthesized manifests).',
    `On the cluster: \`kubectl describe ds ${ds}\` (desired, current and ready counts, its Node-Selector and events);`,
    '`kubectl get nodes --show-labels` (each node\'s labels, against that selector);',
    '`kubectl describe node NODE` (its taints against the DaemonSet\'s tolerations, and its free resources);',
    `\`kubectl get events -n ${scope.namespace} --field-selector involvedObject.kind=Pod\` (why a pod stayed Pending or failed).`,
  ].join(' ');
}

/** How to look at one unhealthy pod of the agent: its state, restarts and events, then its log. */
export function podSteps(scope: AlertScope, pod = '{{ $labels.pod }}'): string {
  return `\`kubectl describe pod -n ${scope.namespace} ${pod}\` (its conditions, restarts and events), then \`kubectl logs -n ${scope.namespace} ${pod} --all-containers\` (add --previous after a restart).`;
}

/** What an agent hands the base for its health alerts (the DaemonSet alerts are the base's). */
export interface AgentAlerts {
  /**
   * Whether the agent emits a ServiceMonitor or PodMonitor: its alerts are then on by default,
   * and its own series have a known job.
   */
  readonly monitored: boolean;
  /** The agent's own alerts, for its scope. */
  readonly rules: (scope: AlertScope) => AlertRule[];
}
