/**
 * The app a platform team writes in its GitOps repository: the node agents, one chart (and
 * so one file in dist/) per agent, each in its own namespace, plus the Argo CD Applications that
 * apply them layer by layer. In your project, import from 'cdk8s-daemonsets' instead of '../src'.
 */
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import {
  AgentApplications, CniAgentDaemonSet, FalcoOutput, FalcoPriority, FalcoRulesFile, GpuMonitorDaemonSet, LogBuffering, LogCollectorDaemonSet,
  LogFilter, LogOutput, LogParser, LuaScript, MultilineParser, NodeExporterDaemonSet, SafeSynth, SecurityAgentDaemonSet, StorageAgentDaemonSet,
  SyncWave,
} from '../src';

const GITOPS_REPO = 'https://git.example.com/platform/gitops.git';
// This file runs bundled from examples/.build/; dist/ is at the repository root.
const DIST = path.join(__dirname, '..', '..', 'dist');

/**
 * Every image through the company's registry, a pull-through cache with one project per upstream
 * registry (Harbor's layout), with its credentials: a kubernetes.io/dockerconfigjson Secret named
 * registry-mirror-pull, which the platform team creates in each agent's namespace.
 */
function pullThrough(project: string): { imageRegistry: string; imagePullSecrets: string[] } {
  return { imageRegistry: `registry.example.com/${project}`, imagePullSecrets: ['registry-mirror-pull'] };
}

/**
 * The health alerts every agent emits as a PrometheusRule (prometheus-operator runs in the
 * cluster, with kube-state-metrics): routed to the platform team, each linking to the team's
 * runbook for it. The agents with a ServiceMonitor emit them by default; the CNI and the storage
 * agent, which have none, ask for them.
 */
const ALERTS = {
  alertLabels: { team: 'platform' },
  runbookBaseUrl: 'https://runbooks.example.com/node-agents',
};

const app = new App();

const cni = new Chart(app, 'cni');
new CniAgentDaemonSet(cni, 'flannel', { alerts: ALERTS, ...pullThrough('ghcr') });

const storage = new Chart(app, 'storage');
// The EBS CSI driver's node plugin on every node, for the platform's stateful services; its
// controller (provisioning and attaching volumes, with an IAM role) is installed apart.
new StorageAgentDaemonSet(storage, 'ebs', { alerts: ALERTS, ...pullThrough('ecr-public') });

const nodeExporter = new Chart(app, 'node-exporter');
new NodeExporterDaemonSet(nodeExporter, 'node-exporter', { serviceMonitor: true, alerts: ALERTS, ...pullThrough('quay') });

const logging = new Chart(app, 'logging');
// The platform's services log "2026-05-01T10:00:00.000Z INFO message" and Java stack traces; card
// numbers are masked on the node; the buffer on disk rides out a Loki outage of a few hours.
const serviceLog = LogParser.regex('platform-service', {
  regex: '^(?<time>\\S+) (?<level>[A-Z]+) (?<message>.*)$',
  timeFormat: '%Y-%m-%dT%H:%M:%S.%L%z',
});
new LogCollectorDaemonSet(logging, 'fluent-bit', {
  outputs: [LogOutput.loki({ url: 'http://loki-gateway.logging.svc.cluster.local/loki/api/v1/push', labels: { cluster: 'prod-eu-1' }, bufferLimit: Size.gibibytes(2) })],
  multiline: [MultilineParser.JAVA],
  filters: [LogFilter.lua(LuaScript.fromFile(path.join(__dirname, '..', 'lua', 'redact.lua')), 'redact'), LogFilter.parser([serviceLog])],
  buffering: LogBuffering.filesystem(),
  // Scraped, so that lost logs (retries given up, records dropped) raise an alert.
  serviceMonitor: true,
  alerts: ALERTS,
  ...pullThrough('fluentbit'),
});

const gpu = new Chart(app, 'gpu-monitor');
new GpuMonitorDaemonSet(gpu, 'dcgm-exporter', { runtimeClassName: 'nvidia', serviceMonitor: true, alerts: ALERTS, ...pullThrough('nvcr') });

const security = new Chart(app, 'security');
// Falco's JSON alerts go to the pod log, which the log collector ships to Loki, and to
// falcosidekick, which pages; one rule of the platform's own on top of the image's default rules.
new SecurityAgentDaemonSet(security, 'falco', {
  outputs: [FalcoOutput.stdout(), FalcoOutput.falcosidekick()],
  minimumPriority: FalcoPriority.NOTICE,
  rulesFiles: [FalcoRulesFile.fromYaml('platform.yaml', [
    '- rule: Shell in a production namespace',
    '  desc: An interactive shell started in a container of a prod- namespace.',
    '  condition: spawned_process and container and proc.name in (bash, sh, zsh) and proc.tty != 0 and k8s.ns.name startswith "prod-"',
    '  output: Shell in production (user=%user.name command=%proc.cmdline pod=%k8s.pod.name namespace=%k8s.ns.name)',
    '  priority: WARNING',
    '  tags: [platform, mitre_execution]',
    '',
  ].join('\n'))],
  serviceMonitor: true,
  alerts: ALERTS,
  ...pullThrough('dockerhub'),
});

// One Application per layer: a CNI that never becomes Healthy must not block the agents that
// would show why. The root Application applies this chart's file (app of apps).
const applications = new AgentApplications(new Chart(app, 'argocd-apps'), 'agents', { repoUrl: GITOPS_REPO, path: 'dist' });
applications.addChart(cni, SyncWave.NETWORK);
applications.addChart(storage, SyncWave.STORAGE);
applications.addChart(security, SyncWave.SECURITY);
applications.addChart(nodeExporter);
applications.addChart(logging);
applications.addChart(gpu);

const result = SafeSynth.synth(app, { outdir: DIST });
console.log(`dist/: ${result.files.length} files, ${result.objects} objects, ${result.daemonSets} DaemonSets`);
