/**
 * (a) and (d): N agents with this library's constructs, as examples/main.ts writes four.
 *
 *   node ours.js COUNT OUTDIR [--one-chart]
 *
 * It ends in `app.synth()`, as the raw cdk8s-plus app does, so that the two differ only in the
 * constructs; the example's SafeSynth is measured with the example itself.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { APPLICATIONS_CHART, CLUSTER_LABEL, FleetAgent, FleetChart, GITOPS_REPO, LOKI_URL } from './fleet';
import { runApp } from './harness';
import {
  AgentApplications, CniAgentDaemonSet, GpuMonitorDaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet, SyncWave,
} from '../../src';

function addAgent(scope: Construct, agent: FleetAgent): void {
  // The raw app writes no PrometheusRules (alerts are on by default with a ServiceMonitor): both
  // apps must emit the same objects for the comparison to measure the constructs alone.
  // Each agent's options are written out rather than spread from a shared object: in Node 20 a
  // literal of a spread and then named properties costs microseconds (src/base/merged.ts), which
  // would be the app's time, not the constructs'; the raw app builds its objects the fast way.
  const { instance, namespace } = agent;
  const alerts = { enabled: false };
  switch (agent.kind) {
    case 'cni':
      new CniAgentDaemonSet(scope, instance, { instance, namespace, alerts });
      break;
    case 'node-exporter':
      new NodeExporterDaemonSet(scope, instance, { instance, namespace, alerts, serviceMonitor: true });
      break;
    case 'log-collector':
      const outputs = [LogOutput.loki({ url: LOKI_URL, labels: { cluster: CLUSTER_LABEL } })];
      new LogCollectorDaemonSet(scope, instance, { instance, namespace, alerts, outputs });
      break;
    case 'gpu-monitor':
      new GpuMonitorDaemonSet(scope, instance, { instance, namespace, alerts, runtimeClassName: 'nvidia', serviceMonitor: true });
      break;
  }
}

function build(app: App, charts: FleetChart[]): void {
  const applications = new AgentApplications(new Chart(app, APPLICATIONS_CHART), 'agents', { repoUrl: GITOPS_REPO, path: 'dist' });
  for (const { id, agents, wave } of charts) {
    const chart = new Chart(app, id);
    agents.forEach(agent => addAgent(chart, agent));
    applications.addChart(chart, SyncWave.of(wave));
  }
}

runApp(build);
