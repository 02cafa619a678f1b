/**
 * The apps the benchmark synthesizes: N agents, agent i being the example's agent i % 4 in copy
 * i / 4 of examples/main.ts, with its own instance and namespace, plus one Argo CD Application per
 * chart. Copy 0 carries the example's own names, so four agents laid out a chart per agent are
 * exactly the example. Both apps (ours and raw cdk8s-plus) build the same objects from this one
 * description.
 */

export type AgentKind = 'cni' | 'node-exporter' | 'log-collector' | 'gpu-monitor';

/** One agent of the fleet and the names it gets. */
export interface FleetAgent {
  readonly kind: AgentKind;
  /** The chart id, which names the output file and the Argo CD Application. */
  readonly chart: string;
  /** `app.kubernetes.io/instance` and the name of the agent's objects. */
  readonly instance: string;
  readonly namespace: string;
}

const EXAMPLE: readonly FleetAgent[] = [
  { kind: 'cni', chart: 'cni', instance: 'flannel', namespace: 'kube-flannel' },
  { kind: 'node-exporter', chart: 'node-exporter', instance: 'node-exporter', namespace: 'monitoring' },
  { kind: 'log-collector', chart: 'logging', instance: 'fluent-bit', namespace: 'logging' },
  { kind: 'gpu-monitor', chart: 'gpu-monitor', instance: 'dcgm-exporter', namespace: 'gpu-monitoring' },
];

/** The chart holding the Argo CD Applications, as in the example. */
export const APPLICATIONS_CHART = 'argocd-apps';
export const GITOPS_REPO = 'https://git.example.com/platform/gitops.git';
export const LOKI_URL = 'http://loki-gateway.logging.svc.cluster.local/loki/api/v1/push';
export const CLUSTER_LABEL = 'prod-eu-1';

/**
 * How agents are grouped into charts (one chart is one output file): a chart per agent as in the
 * example, or all agents in one chart. cdk8s re-validates the whole app for every chart it
 * serializes, so with a chart per agent its synth grows with the square of the agent count.
 */
export type Layout = 'chart-per-agent' | 'one-chart';

/** A chart of the fleet and the Argo CD sync wave of its Application. */
export interface FleetChart {
  readonly id: string;
  readonly agents: FleetAgent[];
  /** -10 (network) for a chart holding a CNI, which must be applied before anything else; else 0. */
  readonly wave: number;
}

export function fleetCharts(count: number, layout: Layout): FleetChart[] {
  const agents = fleet(count);
  const groups = layout === 'one-chart' ? [{ id: 'agents', agents }] : agents.map(a => ({ id: a.chart, agents: [a] }));
  return groups.map(g => ({ ...g, wave: g.agents.some(a => a.kind === 'cni') ? -10 : 0 }));
}

function fleet(count: number): FleetAgent[] {
  return Array.from({ length: count }, (_, i) => {
    const base = EXAMPLE[i % EXAMPLE.length];
    const copy = Math.floor(i / EXAMPLE.length);
    const suffix = copy === 0 ? '' : `-${copy}`;
    return {
      kind: base.kind,
      chart: base.chart + suffix,
      instance: base.instance + suffix,
      namespace: base.namespace + suffix,
    };
  });
}
