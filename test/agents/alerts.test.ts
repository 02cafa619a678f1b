/**
 * Health alerts, the mechanism every agent shares: a PrometheusRule on by default with a
 * ServiceMonitor or PodMonitor, kubernetes-mixin's three DaemonSet alerts scoped to the agent's
 * DaemonSet (pinned against the mixin's text), the runbook annotations, the options and their
 * refusals. Every synthesized PrometheusRule is schema-checked, and its expressions parsed, by
 * the shared synth helper. Each agent's own alerts: alerts-agents.test.ts.
 */
import { Chart } from 'cdk8s';
import {
  AgentAlertsOptions, AgentOptions, CniAgentDaemonSet, GpuMonitorDaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet,
  SecurityAgentDaemonSet, StorageAgentDaemonSet, ValidationError,
} from '../../src';
import { Manifest, newChart, only, synth } from '../support/manifests';

type Build = (chart: Chart, options: AgentOptions, monitored: boolean) => unknown;

/** Each agent, built with or without its monitor, and its own alerts when monitored (CNI and storage have none). */
const AGENTS: [string, Build, string[]][] = [
  ['NodeExporterDaemonSet', (c, o, m) => new NodeExporterDaemonSet(c, 'agent', { serviceMonitor: m, ...o }), ['NodeExporterDown']],
  ['LogCollectorDaemonSet', (c, o, m) => new LogCollectorDaemonSet(c, 'agent', { outputs: [LogOutput.stdout()], serviceMonitor: m, ...o }),
    ['FluentBitOutputRetriesFailed', 'FluentBitOutputDroppedRecords']],
  ['GpuMonitorDaemonSet', (c, o, m) => new GpuMonitorDaemonSet(c, 'agent', { serviceMonitor: m, ...o }), ['GpuXidError']],
  ['SecurityAgentDaemonSet', (c, o, m) => new SecurityAgentDaemonSet(c, 'agent', { serviceMonitor: m, ...o }), ['FalcoDroppedEvents']],
  ['CniAgentDaemonSet', (c, o) => new CniAgentDaemonSet(c, 'agent', o), ['CniAgentNotReady']],
  ['StorageAgentDaemonSet', (c, o) => new StorageAgentDaemonSet(c, 'agent', o), ['CsiNodePluginRestarting']],
];
const MONITORED = AGENTS.slice(0, 4);
const DAEMONSET_ALERTS = ['KubeDaemonSetRolloutStuck', 'KubeDaemonSetNotScheduled', 'KubeDaemonSetMisScheduled'];

/** The agent's objects, with its alerts: through its monitor where it has one, else with `alerts: {}`. */
function withAlerts(build: Build, name: string, alerts?: AgentAlertsOptions): Manifest[] {
  const chart = newChart();
  const monitored = MONITORED.some(([n]) => n === name);
  build(chart, { alerts: alerts ?? (monitored ? undefined : {}) }, monitored);
  return synth(chart);
}

function rules(objs: Manifest[]): any[] {
  return only(objs, 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules);
}

function rule(objs: Manifest[], alert: string): any {
  return rules(objs).find(r => r.alert === alert);
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('health alerts', () => {
  test.each(AGENTS)('%s: kubernetes-mixin\'s DaemonSet alerts, then its own, in one group of a PrometheusRule beside its DaemonSet', (name, build, own) => {
    const objs = withAlerts(build, name);
    const ds = only(objs, 'DaemonSet');
    const pr = only(objs, 'PrometheusRule');
    expect(pr.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pr.metadata).toMatchObject({ name: ds.metadata.name, namespace: ds.metadata.namespace, labels: ds.metadata.labels });
    expect(pr.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(ds.metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(pr.spec.groups.map((g: any) => g.name)).toEqual([`${ds.metadata.name}.rules`]);
    expect(rules(objs).map(r => r.alert)).toEqual([...DAEMONSET_ALERTS, ...own]);
  });

  test.each(AGENTS)('%s: every kube-state-metrics series read is of kube-state-metrics\' job and the agent\'s namespace; the DaemonSet\'s, of its name', (name, build) => {
    const objs = withAlerts(build, name);
    const ds = only(objs, 'DaemonSet');
    for (const r of rules(objs)) {
      for (const [, metric, matchers] of (r.expr as string).matchAll(/\b(kube_\w+)\{([^}]*)\}/g)) {
        expect(matchers).toContain(`job="kube-state-metrics", namespace="${ds.metadata.namespace}"`);
        if (metric.startsWith('kube_daemonset_')) expect(matchers).toContain(`daemonset="${ds.metadata.name}"`);
        if (metric === 'kube_pod_info') expect(matchers).toContain(`created_by_kind="DaemonSet", created_by_name="${ds.metadata.name}"`);
      }
    }
  });

  test.each(MONITORED)('%s: none without a ServiceMonitor or PodMonitor (prometheus-operator may not be installed)', (_name, build) => {
    const chart = newChart();
    const agent = build(chart, {}, false) as { prometheusRule?: unknown };
    expect(synth(chart).filter(o => o.kind === 'PrometheusRule')).toEqual([]);
    expect(agent.prometheusRule).toBeUndefined();
  });

  test.each(MONITORED)('%s: alerts: { enabled: false } keeps the ServiceMonitor and drops the rules', (_name, build) => {
    const chart = newChart();
    build(chart, { alerts: { enabled: false } }, true);
    const objs = synth(chart);
    expect(objs.filter(o => o.kind === 'ServiceMonitor')).toHaveLength(1);
    expect(objs.filter(o => o.kind === 'PrometheusRule')).toEqual([]);
  });

  test.each([['CniAgentDaemonSet'], ['StorageAgentDaemonSet']])('%s: none by default (it has no monitor), and alerts: {} asks for them', name => {
    const build = AGENTS.find(([n]) => n === name)![1];
    const chart = newChart();
    build(chart, {}, false);
    expect(synth(chart).filter(o => o.kind === 'PrometheusRule')).toEqual([]);
    expect(rules(withAlerts(build, name)).length).toBeGreaterThan(0);
  });

  test('a PodMonitor turns them on too, and the agent exposes the object', () => {
    const chart = newChart();
    const ne = new NodeExporterDaemonSet(chart, 'ne', { podMonitor: true });
    only(synth(chart), 'PrometheusRule');
    expect(ne.prometheusRule?.kind).toBe('PrometheusRule');
  });

  test('asked for without a monitor, an exporter gets the DaemonSet alerts only: its own select on the monitor\'s job', () => {
    const chart = newChart();
    new NodeExporterDaemonSet(chart, 'ne', { alerts: {} });
    expect(rules(synth(chart)).map(r => r.alert)).toEqual(DAEMONSET_ALERTS);
  });
});

describe('the DaemonSet alerts, as kubernetes-mixin writes them (alerts/apps_alerts.libsonnet, version-1.5.6)', () => {
  const objs = withAlerts(AGENTS[0][1], 'NodeExporterDaemonSet');
  const ds = '{job="kube-state-metrics", namespace="monitoring", daemonset="node-exporter"}';

  test('KubeDaemonSetRolloutStuck: not all scheduled, updated and available, or some misscheduled, and no progress in 5m; for 15m', () => {
    const r = rule(objs, 'KubeDaemonSetRolloutStuck');
    expect(r.expr.replace(/\s+/g, ' ')).toBe([
      `( ( kube_daemonset_status_current_number_scheduled${ds} != kube_daemonset_status_desired_number_scheduled${ds} )`,
      `or ( kube_daemonset_status_number_misscheduled${ds} != 0 )`,
      `or ( kube_daemonset_status_updated_number_scheduled${ds} != kube_daemonset_status_desired_number_scheduled${ds} )`,
      `or ( kube_daemonset_status_number_available${ds} != kube_daemonset_status_desired_number_scheduled${ds} ) )`,
      `and ( changes(kube_daemonset_status_updated_number_scheduled${ds}[5m]) == 0 )`,
    ].join(' '));
    expect(r).toMatchObject({ for: '15m', labels: { severity: 'warning' }, annotations: { summary: 'DaemonSet rollout is stuck.' } });
  });

  test('KubeDaemonSetNotScheduled: desired minus current above 0 for 10m', () => {
    const r = rule(objs, 'KubeDaemonSetNotScheduled');
    expect(r.expr.replace(/\s+/g, ' ')).toBe(`kube_daemonset_status_desired_number_scheduled${ds} - kube_daemonset_status_current_number_scheduled${ds} > 0`);
    expect(r).toMatchObject({ for: '10m', labels: { severity: 'warning' }, annotations: { summary: 'DaemonSet pods are not scheduled.' } });
  });

  test('KubeDaemonSetMisScheduled: misscheduled pods for 15m', () => {
    const r = rule(objs, 'KubeDaemonSetMisScheduled');
    expect(r.expr).toBe(`kube_daemonset_status_number_misscheduled${ds} > 0`);
    expect(r).toMatchObject({ for: '15m', labels: { severity: 'warning' }, annotations: { summary: 'DaemonSet pods are misscheduled.' } });
  });

  test.each(DAEMONSET_ALERTS)('%s: the description names the offline plan and the debugging flow\'s kubectl steps, for this DaemonSet', alert => {
    const description: string = rule(objs, alert).annotations.description;
    expect(description).toContain('`kubectl get nodes -o json > nodes.json`');
    expect(description).toContain('`cdk8s-daemonsets plan --nodes nodes.json dist/`');
    expect(description).toContain('`kubectl describe node NODE`');
    if (alert !== 'KubeDaemonSetMisScheduled') {
      for (const step of ['`kubectl describe ds node-exporter -n monitoring`', '`kubectl get nodes --show-labels`', '`kubectl get events -n monitoring --field-selector involvedObject.kind=Pod`']) {
        expect(description).toContain(step);
      }
    }
    expect(rule(objs, alert).annotations.runbook_url).toBeUndefined();
  });
});

describe('alerts options', () => {
  const build = AGENTS[0][1];

  test('labels go on the object, alertLabels and severities on the alerts, the runbook base before each lower-cased name', () => {
    const objs = withAlerts(build, 'NodeExporterDaemonSet', {
      labels: { release: 'kube-prometheus-stack' },
      alertLabels: { team: 'platform' },
      severities: { KubeDaemonSetNotScheduled: 'critical' },
      runbookBaseUrl: 'https://runbooks.example.com/agents/',
    });
    expect(only(objs, 'PrometheusRule').metadata.labels.release).toBe('kube-prometheus-stack');
    expect(rule(objs, 'KubeDaemonSetNotScheduled').labels).toEqual({ team: 'platform', severity: 'critical' });
    expect(rule(objs, 'NodeExporterDown').labels).toEqual({ team: 'platform', severity: 'warning' });
    expect(rule(objs, 'KubeDaemonSetRolloutStuck').annotations.runbook_url).toBe('https://runbooks.example.com/agents/kubedaemonsetrolloutstuck');
  });

  test('kubeStateMetricsJob replaces the job of every kube-state-metrics series; exclude leaves alerts out', () => {
    const objs = withAlerts(AGENTS[4][1], 'CniAgentDaemonSet', { kubeStateMetricsJob: 'ksm', exclude: ['KubeDaemonSetRolloutStuck', 'KubeDaemonSetMisScheduled'] });
    expect(rules(objs).map(r => r.alert)).toEqual(['KubeDaemonSetNotScheduled', 'CniAgentNotReady']);
    for (const r of rules(objs)) {
      expect(r.expr).not.toContain('kube-state-metrics');
      expect(r.expr).toContain('job="ksm"');
    }
  });

  test('refuses, all at once, what Prometheus or prometheus-operator would refuse and what no alert would read', () => {
    const error = errorOf(() => new NodeExporterDaemonSet(newChart(), 'ne', {
      serviceMonitor: true,
      alerts: {
        labels: { 'bad key!': 'x' },
        alertLabels: { 'severity': 'page', 'alertname': 'x', 'team-name': 'a' },
        severities: { NoSuchAlert: 'critical', KubeDaemonSetNotScheduled: '' },
        exclude: ['KubeDaemonSetStuck'],
        runbookBaseUrl: 'runbooks.example.com',
        kubeStateMetricsJob: '',
      },
    }));
    const known = 'KubeDaemonSetRolloutStuck, KubeDaemonSetNotScheduled, KubeDaemonSetMisScheduled, NodeExporterDown';
    expect(error.message).toBe([
      'test/ne: invalid alerts.labels key: "bad key!". Use a qualified name "[prefix/]name": an optional DNS subdomain prefix and a name of at most 63 letters, digits, "-", "_" and ".", e.g. "kubernetes.io/os".',
      'test/ne: invalid alerts.alertLabels key: "severity". Each alert sets its own severity: change it with alerts.severities instead.',
      'test/ne: invalid alerts.alertLabels key: "alertname". Prometheus sets alertname to the alert\'s name: drop it from alertLabels.',
      'test/ne: invalid alerts.alertLabels key: "team-name". Use a Prometheus label name: letters, digits and "_", not starting with a digit, e.g. "team".',
      `test/ne: invalid alerts.severities key: "NoSuchAlert". The agent emits no alert of that name here: use one of ${known}.`,
      'test/ne: invalid alerts.severities[KubeDaemonSetNotScheduled]: "". Alertmanager routes on the severity: give one, e.g. "critical".',
      `test/ne: invalid alerts.exclude[0]: "KubeDaemonSetStuck". The agent emits no alert of that name here: use one of ${known}.`,
      'test/ne: invalid alerts.runbookBaseUrl: "runbooks.example.com". Use an http(s) URL without query or fragment, which the alert\'s name follows, e.g. "https://runbooks.example.com/agents".',
      'test/ne: invalid alerts.kubeStateMetricsJob: "". Give the job label of kube-state-metrics\' series, e.g. "kube-state-metrics".',
    ].join('\n'));
  });

  test('refuses options beside enabled: false, and excluding every alert', () => {
    expect(errorOf(() => new CniAgentDaemonSet(newChart(), 'cni', { alerts: { enabled: false, runbookBaseUrl: 'https://r.example.com' } })).message)
      .toBe('test/cni: invalid alerts: {"enabled":false,"runbookBaseUrl":"https://r.example.com"}. enabled is false, so no PrometheusRule uses runbookBaseUrl: drop them, or drop enabled: false.');
    expect(errorOf(() => new StorageAgentDaemonSet(newChart(), 'csi', { alerts: { exclude: [...DAEMONSET_ALERTS, 'CsiNodePluginRestarting'] } })).message)
      .toBe('test/csi: invalid alerts.exclude: ["KubeDaemonSetRolloutStuck","KubeDaemonSetNotScheduled","KubeDaemonSetMisScheduled","CsiNodePluginRestarting"]. Every alert is excluded, which leaves an empty PrometheusRule: set enabled: false instead.');
  });

  test('an alert name of this agent is refused where this configuration does not emit it (nothing would read the setting)', () => {
    const error = errorOf(() => new NodeExporterDaemonSet(newChart(), 'ne', { alerts: { severities: { NodeExporterDown: 'critical' } } }));
    expect(error.message).toContain('invalid alerts.severities key: "NodeExporterDown". The agent emits no alert of that name here: use one of KubeDaemonSetRolloutStuck, KubeDaemonSetNotScheduled, KubeDaemonSetMisScheduled.');
  });
});
