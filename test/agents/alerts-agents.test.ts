/**
 * Each agent's own health alerts, from its project's own metrics (or kube-state-metrics' where it
 * has none): the expressions pinned, the job they select on matched with the one the monitor
 * gives the series, and the cases where an alert cannot work left out. With PROMTOOL_BIN set
 * (see test/validation/prometheus-rule-rules.test.ts), every agent's rules also go through
 * `promtool check rules`, which parses and type-checks each expression and template.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import {
  CniAgentDaemonSet, DcgmCounter, DcgmCounters, GpuMonitorDaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet,
  SecurityAgentDaemonSet, StorageAgentDaemonSet,
} from '../../src';
import { Manifest, newChart, only, synth } from '../support/manifests';

function synthWith(build: (chart: Chart) => void): Manifest[] {
  const chart = newChart();
  build(chart);
  return synth(chart);
}

function rule(objs: Manifest[], alert: string): any {
  return only(objs, 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === alert);
}

const KSM = 'job="kube-state-metrics"';

describe('each agent\'s own alerts', () => {
  test('node-exporter: its target down for 10m, on the job the ServiceMonitor takes from the Service\'s app.kubernetes.io/name', () => {
    const objs = synthWith(c => new NodeExporterDaemonSet(c, 'ne', { serviceMonitor: true }));
    expect(only(objs, 'ServiceMonitor').spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(only(objs, 'Service').metadata.labels['app.kubernetes.io/name']).toBe('node-exporter');
    expect(rule(objs, 'NodeExporterDown')).toMatchObject({ expr: 'up{job="node-exporter", namespace="monitoring"} == 0', for: '10m', labels: { severity: 'warning' } });
  });

  test('node-exporter with a PodMonitor: the same job, from the pods\' label', () => {
    const objs = synthWith(c => new NodeExporterDaemonSet(c, 'ne', { podMonitor: true }));
    expect(only(objs, 'DaemonSet').spec.template.metadata.labels['app.kubernetes.io/name']).toBe('node-exporter');
    expect(rule(objs, 'NodeExporterDown').expr).toBe('up{job="node-exporter", namespace="monitoring"} == 0');
  });

  test('Fluent Bit: batches abandoned after the retries and records dropped, per node and output, at once', () => {
    const objs = synthWith(c => new LogCollectorDaemonSet(c, 'logs', { outputs: [LogOutput.stdout()], serviceMonitor: true, namespace: 'logging' }));
    expect(only(objs, 'Service').metadata.labels['app.kubernetes.io/name']).toBe('fluent-bit');
    const series = '{job="fluent-bit", namespace="logging"}';
    expect(rule(objs, 'FluentBitOutputRetriesFailed')).toEqual(expect.objectContaining({
      expr: `sum by (namespace, pod, instance, name) (increase(fluentbit_output_retries_failed_total${series}[5m])) > 0`,
      labels: { severity: 'warning' },
    }));
    expect(rule(objs, 'FluentBitOutputRetriesFailed').for).toBeUndefined();
    expect(rule(objs, 'FluentBitOutputDroppedRecords').expr).toBe(`sum by (namespace, pod, instance, name) (increase(fluentbit_output_dropped_records_total${series}[5m])) > 0`);
    expect(rule(objs, 'FluentBitOutputDroppedRecords').annotations.description).toContain('`kubectl logs -n logging {{ $labels.pod }} --all-containers`');
  });

  test('dcgm-exporter: any XID, on the job alone (with honorLabels a GPU in use carries its workload\'s namespace)', () => {
    const objs = synthWith(c => new GpuMonitorDaemonSet(c, 'gpu', { serviceMonitor: true }));
    expect(only(objs, 'ServiceMonitor').spec.endpoints[0].honorLabels).toBe(true);
    expect(rule(objs, 'GpuXidError')).toMatchObject({ expr: 'DCGM_FI_DEV_XID_ERRORS{job="dcgm-exporter"} > 0', labels: { severity: 'warning' } });
    expect(rule(objs, 'GpuXidError').annotations.description).toContain('XID {{ $labels.err_code }}: {{ $labels.err_msg }}');
  });

  test('dcgm-exporter: no XID alert when the counters do not export DCGM_FI_DEV_XID_ERRORS (it would never fire)', () => {
    const counters = DcgmCounters.standard().filter(c => c.field !== 'DCGM_FI_DEV_XID_ERRORS');
    const without = synthWith(c => new GpuMonitorDaemonSet(c, 'gpu', { serviceMonitor: true, counters }));
    expect(rule(without, 'GpuXidError')).toBeUndefined();
    const xid = DcgmCounter.gauge('DCGM_FI_DEV_XID_ERRORS', 'Value of the last XID error encountered.');
    const extra = synthWith(c => new GpuMonitorDaemonSet(c, 'gpu', { serviceMonitor: true, counters, extraCounters: [xid] }));
    expect(rule(extra, 'GpuXidError')).toBeDefined();
  });

  test('Falco: kernel events dropped in every 5-minute window for 15m, from the metrics it serves (kernel event counters on)', () => {
    const chart = newChart();
    const falco = new SecurityAgentDaemonSet(chart, 'falco', { serviceMonitor: true });
    const objs = synth(chart);
    const config = YAML.parse(falco.configMap.data['falco.yaml']);
    expect(config.metrics).toMatchObject({ enabled: true, kernel_event_counters_enabled: true });
    expect(config.webserver.prometheus_metrics_enabled).toBe(true);
    expect(rule(objs, 'FalcoDroppedEvents')).toMatchObject({
      expr: 'sum by (namespace, pod, instance) (rate(falcosecurity_scap_n_drops_total{job="falco", namespace="falco"}[5m])) > 0',
      for: '15m',
    });
  });

  test('CNI: a pod of the DaemonSet not ready for 5m, named by node (kube-state-metrics: flannel serves no metrics)', () => {
    const objs = synthWith(c => new CniAgentDaemonSet(c, 'cni', { alerts: {} }));
    const r = rule(objs, 'CniAgentNotReady');
    expect(r.expr.replace(/\s+/g, ' ')).toBe(
      `max by (namespace, pod, node) (kube_pod_info{${KSM}, namespace="kube-flannel", created_by_kind="DaemonSet", created_by_name="flannel"}) `
      + `unless on (namespace, pod) kube_pod_status_ready{${KSM}, namespace="kube-flannel", condition="true"} == 1`);
    expect(r.for).toBe('5m');
    expect(r.annotations.description).toContain('on node {{ $labels.node }}');
  });

  test('storage: a container of the CSI node plugin restarting in every 10-minute window for 15m, named by node', () => {
    const objs = synthWith(c => new StorageAgentDaemonSet(c, 'csi', { alerts: {} }));
    const ds = only(objs, 'DaemonSet');
    const r = rule(objs, 'CsiNodePluginRestarting');
    const ns = ds.metadata.namespace;
    expect(r.expr.replace(/\s+/g, ' ')).toBe(
      `sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{${KSM}, namespace="${ns}"}[10m])) `
      + `* on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info{${KSM}, namespace="${ns}", created_by_kind="DaemonSet", created_by_name="${ds.metadata.name}"}) > 0`);
    expect(r.for).toBe('15m');
  });

  test('a second installation alerts on its own DaemonSet and namespace', () => {
    const objs = synthWith(c => {
      new NodeExporterDaemonSet(c, 'a', { serviceMonitor: true });
      new NodeExporterDaemonSet(c, 'b', { serviceMonitor: true, instance: 'node-exporter-canary', namespace: 'canary', port: 9101 });
    });
    const canary = only(objs, 'PrometheusRule', 'node-exporter-canary');
    expect(canary.metadata.namespace).toBe('canary');
    expect(canary.spec.groups[0].rules[0].expr).toContain('namespace="canary", daemonset="node-exporter-canary"');
    expect(canary.spec.groups[0].rules[3].expr).toBe('up{job="node-exporter", namespace="canary"} == 0');
  });
});

const promtool = process.env.PROMTOOL_BIN;
(promtool ? describe : describe.skip)(`every agent's rules, checked by ${promtool ?? 'promtool (set PROMTOOL_BIN)'}`, () => {
  test('promtool check rules accepts each PrometheusRule\'s groups', () => {
    const objs = synthWith(c => {
      new NodeExporterDaemonSet(c, 'ne', { serviceMonitor: true, alerts: { runbookBaseUrl: 'https://runbooks.example.com', alertLabels: { team: 'platform' } } });
      new LogCollectorDaemonSet(c, 'logs', { outputs: [LogOutput.stdout()], serviceMonitor: true });
      new GpuMonitorDaemonSet(c, 'gpu', { podMonitor: true });
      new SecurityAgentDaemonSet(c, 'falco', { serviceMonitor: true });
      new CniAgentDaemonSet(c, 'cni', { alerts: {} });
      new StorageAgentDaemonSet(c, 'csi', { alerts: { kubeStateMetricsJob: 'ksm' } });
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-rules-'));
    try {
      const files = objs.filter(o => o.kind === 'PrometheusRule').map(o => {
        const file = path.join(dir, `${o.metadata.name}.yaml`);
        fs.writeFileSync(file, YAML.stringify(o.spec));
        return file;
      });
      expect(files).toHaveLength(6);
      const out = execFileSync(promtool!, ['check', 'rules', ...files], { encoding: 'utf8' });
      expect(out.match(/SUCCESS/g)).toHaveLength(6);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
