/**
 * Differential check of the planner's "would stay Pending" warnings against a real kube-scheduler
 * (v1.20.2 from ../shared/tools/apiserver, started with `SCHEDULER=1 bash start-controlplane.sh
 * start`). A development script, not part of CI or `npm test`.
 *
 * It generates small random clusters (1-3 nodes of 200m-1 CPU, 128Mi-1Gi, 1-110 pods, some
 * without allocatable or without `pods`; 1-4 DaemonSets with random requests, some claiming host
 * port 9100, some naming a RuntimeClass with pod overhead), each isolated by a `case` label,
 * creates them in the control plane, waits until every daemon pod is bound or unschedulable, and
 * compares per node and per pod with the planner:
 * - node: the planner warns some DaemonSet there iff the scheduler left some pod Pending;
 * - InsufficientResources pods must be Pending; pods without a warning must be bound;
 * - NodeOvercommitted and HostPortConflict pods: counted (the scheduler leaves some of them Pending).
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json tools/differential/scheduler-fit.ts [seed] [cases]
 *
 * It deletes the DaemonSets, pods and nodes it finds in the control plane first.
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { CoveragePlanner, PlanWarningKind } from '../../src/planner';

const CACHE = process.env.KAPI_CACHE ?? path.join(os.homedir(), '.cache');
const KUBECONFIG = path.join(CACHE, 'kapi-cp-run', 'kubeconfig');
const KUBECTL = path.join(CACHE, 'kapi', 'bin', 'kubectl');

function kubectl(args: string[], input?: string): string {
  return execFileSync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
}

let state = Number(process.argv[2] ?? 7);
/** A small linear congruential generator: the same seed gives the same clusters. */
function random(): number {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];

const RUNTIME_CLASS = {
  apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'sandbox' }, handler: 'sandbox',
  overhead: { podFixed: { cpu: '120m', memory: '64Mi' } },
};

interface Case {
  readonly nodes: any[];
  readonly daemonSets: any[];
}

function makeNode(k: number, i: number): any {
  const shape = random();
  const sized = { cpu: pick(['200m', '250m', '400m', '600m', '1']), memory: pick(['128Mi', '256Mi', '512Mi', '1Gi']) };
  const allocatable = shape < 0.08 ? undefined : shape < 0.15 ? sized : { ...sized, pods: pick(['1', '2', '3', '110']) };
  const now = new Date().toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `c${k}-n${i}`, labels: { 'case': `c${k}`, 'kubernetes.io/hostname': `c${k}-n${i}`, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: {
      ...(allocatable ? { allocatable, capacity: allocatable } : {}),
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  };
}

function makeDaemonSet(k: number, d: number): any {
  const requests: Record<string, string> = {};
  if (random() < 0.85) requests.cpu = pick(['0', '50m', '100m', '102m', '150m', '200m', '300m']);
  if (random() < 0.85) requests.memory = pick(['32Mi', '50Mi', '100Mi', '128Mi', '180Mi', '300Mi']);
  const ports = random() < 0.2 ? { ports: [{ containerPort: 9100, hostPort: 9100 }] } : {};
  const runtimeClass = random() < 0.15 ? { runtimeClassName: 'sandbox' } : {};
  const app = `c${k}-d${d}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: app, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { nodeSelector: { case: `c${k}` }, ...runtimeClass, containers: [{ name: 'c', image: 'example.com/a:1', resources: { requests }, ...ports }] },
      },
    },
  };
}

function create(cases: readonly Case[]): void {
  kubectl(['delete', 'daemonsets,pods', '--all', '-n', 'default', '--grace-period=0', '--force']);
  kubectl(['delete', 'nodes', '--all']);
  kubectl(['apply', '-f', '-'], JSON.stringify(RUNTIME_CLASS));
  for (const c of cases) {
    for (const n of c.nodes) {
      const { status, ...node } = n;
      kubectl(['create', '-f', '-'], JSON.stringify(node));
      // kubectl 1.20 has no --subresource: the status goes through the raw API, as a kubelet's would.
      const stored = JSON.parse(kubectl(['get', 'node', n.metadata.name, '-o', 'json']));
      kubectl(['replace', '--raw', `/api/v1/nodes/${n.metadata.name}/status`, '-f', '-'], JSON.stringify({ ...stored, status }));
    }
    kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: c.daemonSets }));
  }
}

/** Node name → the DaemonSets whose pod the scheduler left Pending there, once every pod is decided. */
function schedulerPending(expectedPods: number): Map<string, Set<string>> {
  let pods: any[] = [];
  for (let second = 0; second < 120; second++) {
    pods = JSON.parse(kubectl(['get', 'pods', '-n', 'default', '-o', 'json'])).items;
    const decided = pods.filter(p => p.spec.nodeName || (p.status.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.status === 'False'));
    if (pods.length >= expectedPods && decided.length === pods.length) break;
    execFileSync('sleep', ['1']);
  }
  const pending = new Map<string, Set<string>>();
  for (const p of pods) {
    if (p.spec.nodeName) continue;
    // An unscheduled daemon pod names its node in the matchFields term the controller writes.
    const node = p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
    if (!pending.has(node)) pending.set(node, new Set());
    pending.get(node)!.add(p.metadata.ownerReferences[0].name);
  }
  return pending;
}

const PENDING_KINDS = new Set<string>([PlanWarningKind.INSUFFICIENT_RESOURCES, PlanWarningKind.NODE_OVERCOMMITTED, PlanWarningKind.HOST_PORT_CONFLICT]);

function main(): void {
  const count = Number(process.argv[3] ?? 40);
  const cases: Case[] = Array.from({ length: count }, (_, k) => ({
    nodes: Array.from({ length: 1 + Math.floor(random() * 3) }, (_n, i) => makeNode(k, i)),
    daemonSets: Array.from({ length: 1 + Math.floor(random() * 4) }, (_d, d) => makeDaemonSet(k, d)),
  }));
  create(cases);
  const pending = schedulerPending(cases.reduce((sum, c) => sum + c.nodes.length * c.daemonSets.length, 0));
  const tally = { nodes: 0, nodesAgreeing: 0, insufficient: 0, insufficientPending: 0, silent: 0, silentBound: 0, shared: 0, sharedPending: 0 };
  const disagreements: string[] = [];
  for (const c of cases) {
    const plan = CoveragePlanner.plan(c.daemonSets, c.nodes, [RUNTIME_CLASS]);
    for (const n of c.nodes) {
      const name: string = n.metadata.name;
      const real = pending.get(name) ?? new Set<string>();
      const warned = new Map<string, string>();
      for (const ds of plan.daemonSets) for (const w of ds.warnings) if (w.node === name && PENDING_KINDS.has(w.kind)) warned.set(ds.name, w.kind);
      tally.nodes++;
      if ((warned.size > 0) === (real.size > 0)) tally.nodesAgreeing++;
      else disagreements.push(`${name}: planner ${JSON.stringify([...warned])}, scheduler Pending ${JSON.stringify([...real])}`);
      for (const ds of plan.daemonSets) {
        const kind = warned.get(ds.name);
        const isPending = real.has(ds.name);
        if (kind === undefined) {
          tally.silent++;
          if (!isPending) tally.silentBound++;
        } else if (kind === PlanWarningKind.INSUFFICIENT_RESOURCES) {
          tally.insufficient++;
          if (isPending) tally.insufficientPending++;
        } else {
          tally.shared++;
          if (isPending) tally.sharedPending++;
        }
      }
    }
  }
  console.log(JSON.stringify(tally, null, 1));
  for (const d of disagreements) console.log(d);
}

main();
