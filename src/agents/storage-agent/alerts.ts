/**
 * The storage agent's own alert, from kube-state-metrics: a container of the CSI node plugin
 * restarting, since node-driver-registrar and livenessprobe export no metrics. While the driver
 * restarts, no volume mounts or unmounts on the node; while node-driver-registrar does, the
 * kubelet may lose the driver's registration. kube_pod_container_status_restarts_total and
 * kube_pod_info (internal/store/pod.go, kubernetes/kube-state-metrics v2.20.0).
 */
import { AlertRule, AlertScope, daemonSetPods, kubeStateMetrics, podSteps } from '../alert-rule';

/** Restarts in every 10-minute window for 15 minutes: a crash loop, not a one-off. */
export function storageAlerts(scope: AlertScope): AlertRule[] {
  return [{
    alert: 'CsiNodePluginRestarting',
    expr: [
      `sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total${kubeStateMetrics(scope)}[10m]))`,
      '  * on (namespace, pod) group_left (node)',
      `${daemonSetPods(scope)} > 0`,
    ].join('\n'),
    for: '15m',
    severity: 'warning',
    summary: 'The CSI node plugin keeps restarting.',
    description: 'Container {{ $labels.container }} of CSI node plugin {{ $labels.namespace }}/{{ $labels.pod }} on node {{ $labels.node }} restarted {{ $value | humanize }} times in 10 minutes, for 15 minutes: '
      + `while the driver is down no volume mounts or unmounts on that node. ${podSteps(scope)}`,
  }];
}
