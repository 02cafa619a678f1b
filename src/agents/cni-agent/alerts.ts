/**
 * The CNI agent's own alert, from kube-state-metrics (flannel exports no metrics): a pod of the
 * agent not ready, named by node. kube_pod_status_ready{condition="true"} and kube_pod_info's
 * `node` and `created_by_*` labels (internal/store/pod.go, kubernetes/kube-state-metrics v2.20.0);
 * kube_daemonset_status_number_unavailable counts the same pods but cannot say on which node.
 */
import { AlertRule, AlertScope, daemonSetPods, kubeStateMetrics, podSteps } from '../alert-rule';

/** A CNI pod not ready for 5 minutes: pods starting on that node get no network. */
export function cniAlerts(scope: AlertScope): AlertRule[] {
  return [{
    alert: 'CniAgentNotReady',
    expr: [
      daemonSetPods(scope),
      '  unless on (namespace, pod)',
      `kube_pod_status_ready${kubeStateMetrics(scope, { condition: 'true' })} == 1`,
    ].join('\n'),
    for: '5m',
    severity: 'warning',
    summary: 'The CNI agent is not ready on a node.',
    description: `CNI pod {{ $labels.namespace }}/{{ $labels.pod }} on node {{ $labels.node }} has not been ready for 5 minutes: pods starting on that node get no network. ${podSteps(scope)}`,
  }];
}
