/**
 * Fluent Bit's own alerts, from the counters every output instance exports (src/flb_output.c at
 * fluent/fluent-bit tag v5.1.1: fluentbit_output_retries_failed_total, "batches abandoned
 * because the maximum number of re-tries was reached", and fluentbit_output_dropped_records_total,
 * which src/flb_engine.c adds to on an unrecoverable error, on exhausted retries and when retries
 * are off; both labelled with the output's `name`), read at /api/v2/metrics/prometheus through
 * the ServiceMonitor.
 */
import { AlertRule, AlertScope, podSteps, selector } from '../alert-rule';

/** Lost logs: batches given up after the retry limit, and records dropped, per node and output. */
export function fluentBitAlerts(scope: AlertScope): AlertRule[] {
  if (scope.job === undefined) return [];
  const series = selector({ job: scope.job, namespace: scope.namespace });
  const where = 'Fluent Bit on node {{ $labels.instance }} ({{ $labels.namespace }}/{{ $labels.pod }})';
  const steps = `Its log says why the output fails: ${podSteps(scope)}`;
  return [
    {
      alert: 'FluentBitOutputRetriesFailed',
      // Each abandoned batch is logs lost for good: no `for`, one is enough.
      expr: `sum by (namespace, pod, instance, name) (increase(fluentbit_output_retries_failed_total${series}[5m])) > 0`,
      severity: 'warning',
      summary: 'Fluent Bit gave up sending logs after its retries.',
      description: `${where} gave up on {{ $value | humanize }} batches for output {{ $labels.name }} in 5 minutes once its retries ran out: those logs are lost. ${steps}`,
    },
    {
      alert: 'FluentBitOutputDroppedRecords',
      expr: `sum by (namespace, pod, instance, name) (increase(fluentbit_output_dropped_records_total${series}[5m])) > 0`,
      severity: 'warning',
      summary: 'Fluent Bit dropped log records.',
      description: `${where} dropped {{ $value | humanize }} records for output {{ $labels.name }} in 5 minutes (the destination refused them for good, their retries ran out, or retries are off): those logs are lost. ${steps}`,
    },
  ];
}
