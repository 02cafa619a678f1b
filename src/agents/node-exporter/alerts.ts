/**
 * node-exporter's own alert: a node whose exporter Prometheus cannot scrape, so the node's
 * metrics (and every node alert built on them) are missing. Prometheus's own `up` series of the
 * ServiceMonitor's (or PodMonitor's) job, per target: kube-prometheus's TargetDown
 * (manifests/kubePrometheus-prometheusRule.yaml, prometheus-operator/kube-prometheus v0.18.0)
 * waits 10m and fires only past 10% of a job's targets, which on a fleet hides a few blind nodes.
 */
import { AlertRule, AlertScope, podSteps, selector } from '../alert-rule';

/** A node-exporter target down for 10 minutes, per node. */
export function nodeExporterAlerts(scope: AlertScope): AlertRule[] {
  if (scope.job === undefined) return [];
  return [{
    alert: 'NodeExporterDown',
    expr: `up${selector({ job: scope.job, namespace: scope.namespace })} == 0`,
    for: '10m',
    severity: 'warning',
    summary: 'Prometheus cannot scrape node-exporter on a node.',
    description: 'Prometheus has not scraped node-exporter on node {{ $labels.instance }} ({{ $labels.namespace }}/{{ $labels.pod }}) for 10 minutes: that node\'s metrics and alerts are missing. '
      + `The target's error is on Prometheus's Targets page; then ${podSteps(scope)}`,
  }];
}
