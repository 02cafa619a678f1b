/**
 * No-silent-drops table for the health alerts' options: every option set on an agent without a
 * monitor (so `enabled` is what emits the PrometheusRule) and looked up in the rule it shapes.
 */
import { DropTable } from './drops';
import { once } from './drops-agents';
import { StorageAgentDaemonSet } from '../../src';

const alertsObjects = once(chart => new StorageAgentDaemonSet(chart, 'csi', {
  namespace: 'drop-ns-alerts',
  instance: 'drop-alerts',
  alerts: {
    enabled: true,
    labels: { 'drop.example.com/rules': 'drop' },
    alertLabels: { drop_team: 'drop' },
    severities: { CsiNodePluginRestarting: 'drop-severity' },
    runbookBaseUrl: 'https://drop.example.com/runbooks',
    kubeStateMetricsJob: 'drop-ksm',
    exclude: ['KubeDaemonSetRolloutStuck'],
  },
}));

const RULE = 'PrometheusRule/drop-alerts';
const RULES = `${RULE} spec.groups[0].rules`;

export const alertTables: DropTable[] = [{
  struct: 'AgentAlertsOptions',
  synth: alertsObjects,
  rows: {
    enabled: { at: `${RULE} kind`, is: 'PrometheusRule' },
    labels: { at: `${RULE} metadata.labels["drop.example.com/rules"]`, is: 'drop' },
    alertLabels: { at: `${RULES}[0].labels.drop_team`, is: 'drop' },
    severities: { at: `${RULES}[2].labels`, is: { drop_team: 'drop', severity: 'drop-severity' } },
    runbookBaseUrl: { at: `${RULES}[2].annotations.runbook_url`, is: 'https://drop.example.com/runbooks/csinodepluginrestarting' },
    kubeStateMetricsJob: { at: `${RULES}[0].expr`, has: 'job="drop-ksm", namespace="drop-ns-alerts", daemonset="drop-alerts"' },
    exclude: { at: `${RULES}[0].alert`, is: 'KubeDaemonSetNotScheduled' },
  },
}];
