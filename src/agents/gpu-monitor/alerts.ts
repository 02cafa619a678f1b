/**
 * dcgm-exporter's own alert: a GPU that reported an XID error (the driver's error events: a GPU
 * fallen off the bus, double-bit ECC errors, a page-retirement failure...). DCGM_FI_DEV_XID_ERRORS
 * is "Value of the last XID error encountered" (etc/default-counters.csv at NVIDIA/dcgm-exporter
 * tag 4.5.3-4.8.2), and the exporter labels it with the code and NVIDIA's text for it
 * (`err_code`, `err_msg`: internal/pkg/collector/gpu_collector.go), besides gpu, UUID, modelName
 * and Hostname (internal/pkg/rendermetrics/render_metrics.go).
 */
import { DcgmCounter } from './counters';
import { AlertRule, AlertScope, selector } from '../alert-rule';

const XID_FIELD = 'DCGM_FI_DEV_XID_ERRORS';

/** The XID alert, when the exporter exports the XID field (the standard counters do). */
export function gpuMonitorAlerts(counters: readonly DcgmCounter[]): (scope: AlertScope) => AlertRule[] {
  return scope => {
    if (scope.job === undefined || !counters.some(c => c.field === XID_FIELD)) return [];
    return [{
      alert: 'GpuXidError',
      // The job alone: with honorLabels (the default) a GPU in use carries its workload's
      // namespace and pod, not the exporter's. Each XID is an event, so no `for`.
      expr: `${XID_FIELD}${selector({ job: scope.job })} > 0`,
      severity: 'warning',
      summary: 'A GPU reported an XID error.',
      description: 'GPU {{ $labels.gpu }} ({{ $labels.modelName }}, {{ $labels.UUID }}) on node {{ $labels.Hostname }} reported XID {{ $labels.err_code }}: '
        + '{{ $labels.err_msg }}. NVIDIA\'s XID catalog says, per code, whether the application, the driver or the GPU is at fault and whether the GPU needs a reset or the node a drain; '
        + '`kubectl describe node NODE` shows what runs there, and the node\'s kernel log (`dmesg | grep -i xid`) the event itself.',
    }];
  };
}
