/**
 * Falco's own alert: kernel events it dropped, i.e. syscalls no rule saw. The drivers count them
 * as `n_drops` (userspace/libpman/src/stats.c, and the kernel module's in
 * userspace/libscap/engine/kmod/scap_kmod.c, falcosecurity/libs 0.25.4, the libs Falco 0.44.1
 * builds with); Falco exports the kernel counters, which its `metrics.kernel_event_counters_enabled`
 * turns on (falco.yaml here sets it with `metrics`), as falcosecurity_scap_n_drops_total
 * (userspace/falco/falco_metrics.cpp and the chart's dashboard, chart/falco/dashboards, at
 * falcosecurity/falco tag 0.44.1).
 */
import { AlertRule, AlertScope, podSteps, selector } from '../alert-rule';

/** Events dropped on a node in every 5-minute window for 15 minutes: not a burst, a blind spot. */
export function falcoAlerts(scope: AlertScope): AlertRule[] {
  if (scope.job === undefined) return [];
  return [{
    alert: 'FalcoDroppedEvents',
    expr: `sum by (namespace, pod, instance) (rate(falcosecurity_scap_n_drops_total${selector({ job: scope.job, namespace: scope.namespace })}[5m])) > 0`,
    for: '15m',
    severity: 'warning',
    summary: 'Falco is dropping kernel events.',
    description: 'Falco on node {{ $labels.instance }} ({{ $labels.namespace }}/{{ $labels.pod }}) has dropped {{ $value | humanize }} kernel events a second for 15 minutes: '
      + 'the syscalls it did not see were checked against no rule. A larger driver buffer (bufferSize) or a higher CPU share helps; '
      + `its log counts the drops by cause: ${podSteps(scope)}`,
  }];
}
