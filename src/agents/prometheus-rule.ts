import { ApiObject } from 'cdk8s';
import { AgentAlertsOptions, runbookUrl } from './alert-options';
import { AlertRule } from './alert-rule';
import { NodeAgent } from '../base/node-agent';

/**
 * Adds the agent's PrometheusRule as a plain `monitoring.coreos.com/v1` object, as the monitors
 * are (the CRD must exist in the cluster): one group of the agent's alerts, each with its
 * severity, the user's alert labels, a summary, a description that says where to look, and a
 * runbook link when a runbook base is given. prometheus-operator gives each PrometheusRule its
 * own rule file, so the group's name only has to be unique here.
 */
export function addPrometheusRule(agent: NodeAgent, rules: readonly AlertRule[], options: AgentAlertsOptions): ApiObject {
  const excluded = new Set(options.exclude ?? []);
  return new ApiObject(agent, 'PrometheusRule', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: agent.instance, namespace: agent.namespace, labels: { ...agent.labels, ...options.labels } },
    spec: {
      groups: [{
        name: `${agent.instance}.rules`,
        rules: rules.filter(r => !excluded.has(r.alert)).map(r => ({
          alert: r.alert,
          expr: r.expr,
          for: r.for,
          labels: { ...options.alertLabels, severity: options.severities?.[r.alert] ?? r.severity },
          annotations: {
            summary: r.summary,
            description: r.description,
            ...(options.runbookBaseUrl !== undefined ? { runbook_url: runbookUrl(options.runbookBaseUrl, r.alert) } : {}),
          },
        })),
      }],
    },
  });
}
