/**
 * (b) and (d): the same objects as ours.ts, written with raw cdk8s-plus-28 (plain cdk8s
 * ApiObjects where it has no class, JSON patches where it has no field).
 *
 *   node raw.js COUNT OUTDIR [--one-chart]
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { APPLICATIONS_CHART, FleetAgent, FleetChart } from './fleet';
import { runApp } from './harness';
import { argoCdApplication } from './raw/application';
import { rawCniAgent } from './raw/cni';
import { rawGpuMonitor } from './raw/gpu-monitor';
import { rawLogCollector } from './raw/log-collector';
import { rawNodeExporter } from './raw/node-exporter';

const AGENTS: Record<FleetAgent['kind'], (scope: Construct, agent: FleetAgent) => void> = {
  'cni': rawCniAgent,
  'node-exporter': rawNodeExporter,
  'log-collector': rawLogCollector,
  'gpu-monitor': rawGpuMonitor,
};

function build(app: App, charts: FleetChart[]): void {
  const applications = new Chart(app, APPLICATIONS_CHART);
  argoCdApplication(applications, `${APPLICATIONS_CHART}-root`, APPLICATIONS_CHART);
  for (const { id, agents, wave } of charts) {
    const chart = new Chart(app, id);
    // Each agent in its own scope, as our constructs are, so that agents can share a chart.
    agents.forEach(agent => AGENTS[agent.kind](new Construct(chart, agent.instance), agent));
    argoCdApplication(applications, id, id, wave);
  }
}

runApp(build);
