/**
 * The DaemonSet alerts every agent emits: kubernetes-mixin's KubeDaemonSetRolloutStuck,
 * KubeDaemonSetNotScheduled and KubeDaemonSetMisScheduled, with its expressions, thresholds and
 * `for` durations (alerts/apps_alerts.libsonnet at kubernetes-monitoring/kubernetes-mixin tag
 * version-1.5.6), written out for the agent's own DaemonSet: kube-state-metrics' series of that
 * namespace and daemonset only, so each agent's team hears about its agent and nothing else.
 * The names are upstream's, so the runbooks written for them apply, and where the cluster also
 * runs the mixin the two alerts carry the same labels (Alertmanager keeps one).
 */
import { AlertRule, AlertScope, kubeStateMetrics, missingPodSteps } from './alert-rule';

/** kube-state-metrics' series of the DaemonSet. */
function daemonSet(scope: AlertScope): string {
  return kubeStateMetrics(scope, { daemonset: scope.daemonSet });
}

/** The three alerts on the agent's DaemonSet, as kubernetes-mixin writes them. */
export function daemonSetAlerts(scope: AlertScope): AlertRule[] {
  const ds = daemonSet(scope);
  const where = '{{ $labels.namespace }}/{{ $labels.daemonset }}';
  const steps = missingPodSteps(scope);
  return [
    {
      alert: 'KubeDaemonSetRolloutStuck',
      expr: [
        '(',
        '  (',
        `    kube_daemonset_status_current_number_scheduled${ds}`,
        '      !=',
        `    kube_daemonset_status_desired_number_scheduled${ds}`,
        '  ) or (',
        `    kube_daemonset_status_number_misscheduled${ds}`,
        '      !=',
        '    0',
        '  ) or (',
        `    kube_daemonset_status_updated_number_scheduled${ds}`,
        '      !=',
        `    kube_daemonset_status_desired_number_scheduled${ds}`,
        '  ) or (',
        `    kube_daemonset_status_number_available${ds}`,
        '      !=',
        `    kube_daemonset_status_desired_number_scheduled${ds}`,
        '  )',
        ') and (',
        `  changes(kube_daemonset_status_updated_number_scheduled${ds}[5m])`,
        '    ==',
        '  0',
        ')',
      ].join('\n'),
      for: '15m',
      severity: 'warning',
      summary: 'DaemonSet rollout is stuck.',
      description: `DaemonSet ${where} has not finished or progressed for at least 15m. ${steps}`,
    },
    {
      alert: 'KubeDaemonSetNotScheduled',
      expr: [
        `kube_daemonset_status_desired_number_scheduled${ds}`,
        '  -',
        `kube_daemonset_status_current_number_scheduled${ds} > 0`,
      ].join('\n'),
      for: '10m',
      severity: 'warning',
      summary: 'DaemonSet pods are not scheduled.',
      description: `{{ $value }} Pods of DaemonSet ${where} are not scheduled. ${steps}`,
    },
    {
      alert: 'KubeDaemonSetMisScheduled',
      expr: `kube_daemonset_status_number_misscheduled${ds} > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'DaemonSet pods are misscheduled.',
      description: `{{ $value }} Pods of DaemonSet ${where} are running where they are not supposed to run `
        + '(a node whose labels or taints changed after the pod started). '
        + 'Which nodes the DaemonSet no longer selects or tolerates, and why, offline: `kubectl get nodes -o json > nodes.json`, then `cdk8s-daemonsets plan --nodes nodes.json dist/`; '
        + `on the cluster, \`kubectl get pods -n ${scope.namespace} -o wide\` names their nodes, and \`kubectl describe node NODE\` shows their labels and taints.`,
    },
  ];
}
