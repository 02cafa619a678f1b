/**
 * 100 DaemonSets as a multi-team platform on EKS, GKE and AKS runs them, for the planner's
 * fleet-size benchmark (f). Half are hostNetwork agents whose ports collide the way real ones do:
 * a dozen node-exporter copies (each team's monitoring stack, per cloud) on 9100, kube-proxy
 * variants on 10249/10256, CNI agents (Calico, Cilium, the AWS VPC CNI), CSI node drivers on 9808,
 * Fluent Bit copies on 2020 and DCGM exporters on 9400. On a node, a DaemonSet then clashes with
 * a few others (one warning per other) or with more than five (one summarized warning). The other
 * half select and tolerate by the clouds' own labels and taints.
 */
import { prng } from './synthetic';

const LINUX = { 'kubernetes.io/os': 'linux' };
const EVERYTHING = [{ operator: 'Exists' }];
const NO_SCHEDULE = [{ operator: 'Exists', effect: 'NoSchedule' }];
/** Not on serverless nodes (Fargate, ACI virtual nodes): no DaemonSet pod ever runs there. */
const REAL_NODES = [
  { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
  { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
];
const CLOUD_LABEL = { eks: 'eks.amazonaws.com/nodegroup', gke: 'cloud.google.com/gke-nodepool', aks: 'kubernetes.azure.com/agentpool' } as const;
const CLOUDS = ['eks', 'gke', 'aks'] as const;

function required(...matchExpressions: any[]): any {
  return { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } } };
}

function daemonSet(name: string, namespace: string, pod: any, spec: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      ...spec,
      template: { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec: pod },
    },
  };
}

function container(name: string, image: string, ports: number[], rnd: () => number, protocol?: string): any {
  return {
    name,
    image,
    ports: ports.map((containerPort, i) => ({ name: `port-${i}`, containerPort, ...(protocol ? { protocol } : {}) })),
    resources: { requests: { cpu: `${10 * (1 + Math.floor(rnd() * 20))}m`, memory: `${32 * (1 + Math.floor(rnd() * 16))}Mi` } },
  };
}

/** A hostNetwork agent: with hostNetwork every container port is a host port. */
function hostAgent(name: string, namespace: string, image: string, ports: number[], rnd: () => number, pod: any, spec: any = {}): any {
  return daemonSet(name, namespace, { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', priorityClassName: 'system-node-critical', containers: [container(name, image, ports, rnd)], ...pod }, spec);
}

/** The 50 hostNetwork agents, in port families. */
function hostNetworkAgents(rnd: () => number): any[] {
  const out: any[] = [];
  const teams = ['platform', 'payments', 'search', 'data'];
  // node-exporter: one per team on every Linux node, and one per cloud from the cloud team's stack.
  for (const team of teams) out.push(hostAgent(`node-exporter-${team}`, `monitoring-${team}`, 'quay.io/prometheus/node-exporter:v1.8.2', [9100], rnd, { nodeSelector: LINUX, tolerations: EVERYTHING, ...required(...REAL_NODES) }, { updateStrategy: { rollingUpdate: { maxUnavailable: '10%' } } }));
  for (const cloud of CLOUDS) {
    out.push(hostAgent(`node-exporter-${cloud}`, 'monitoring', 'quay.io/prometheus/node-exporter:v1.8.2', [9100], rnd, { nodeSelector: LINUX, tolerations: NO_SCHEDULE, ...required({ key: CLOUD_LABEL[cloud], operator: 'Exists' }, ...REAL_NODES) }));
    out.push(hostAgent(`grafana-agent-node-${cloud}`, 'grafana', 'docker.io/grafana/agent:v0.41.1', [9100, 12345], rnd, { nodeSelector: LINUX, ...required({ key: CLOUD_LABEL[cloud], operator: 'Exists' }) }));
  }
  out.push(hostAgent('node-exporter-gpu', 'gpu-monitoring', 'quay.io/prometheus/node-exporter:v1.8.2', [9100], rnd, { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }));
  out.push(hostAgent('node-exporter-legacy', 'default', 'prom/node-exporter:v1.3.1', [9100], rnd, {}, { updateStrategy: { type: 'OnDelete' } }));
  // kube-proxy: the managed ones per cloud, plus the arm and the Windows-less variants teams forked.
  for (const cloud of CLOUDS) out.push(hostAgent(`kube-proxy-${cloud}`, 'kube-system', 'registry.k8s.io/kube-proxy:v1.30.4', [10249, 10256], rnd, { tolerations: EVERYTHING, ...required({ key: CLOUD_LABEL[cloud], operator: 'Exists' }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }) }));
  out.push(hostAgent('kube-proxy-arm64', 'kube-system', 'registry.k8s.io/kube-proxy:v1.30.4', [10249, 10256], rnd, { nodeSelector: { ...LINUX, 'kubernetes.io/arch': 'arm64' }, tolerations: EVERYTHING }));
  out.push(hostAgent('kube-proxy-canary', 'kube-system', 'registry.k8s.io/kube-proxy:v1.31.0', [10249, 10256], rnd, { nodeSelector: { 'topology.kubernetes.io/zone': 'eu-west-1a' }, tolerations: NO_SCHEDULE }));
  out.push(hostAgent('kube-proxy-ipvs', 'kube-system', 'registry.k8s.io/kube-proxy:v1.30.4', [10249, 10256], rnd, { ...required({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c5.4xlarge', 'n2d-standard-16', 'Standard_F16s_v2'] }) }));
  // CNI agents: Calico (felix health 9099, metrics 9091), Cilium (9962 metrics, 9879 health), AWS VPC CNI (61678, 61679).
  for (const [name, selector] of [['calico-node', LINUX], ['calico-node-gke', { 'cloud.google.com/gke-os-distribution': 'cos' }], ['calico-node-aks', { 'kubernetes.azure.com/role': 'agent', ...LINUX }], ['calico-typha-probe', { 'kubernetes.io/arch': 'amd64' }], ['calico-node-canary', { 'topology.kubernetes.io/zone': 'westeurope-2' }]] as const) {
    out.push(hostAgent(name, 'calico-system', 'docker.io/calico/node:v3.28.0', [9099, 9091], rnd, { nodeSelector: selector, tolerations: EVERYTHING }, { updateStrategy: { rollingUpdate: { maxUnavailable: 1 } } }));
  }
  for (const [name, selector] of [['cilium', LINUX], ['cilium-arm', { 'kubernetes.io/arch': 'arm64' }], ['cilium-spot', { 'cloud.google.com/gke-spot': 'true' }], ['cilium-next', { 'topology.kubernetes.io/zone': 'us-central1-a' }]] as const) {
    out.push(hostAgent(name, 'kube-system', 'quay.io/cilium/cilium:v1.15.6', [9962, 9879], rnd, { nodeSelector: selector, tolerations: EVERYTHING }));
  }
  for (const [name, pod] of [['aws-node', { ...required({ key: 'eks.amazonaws.com/nodegroup', operator: 'Exists' }), tolerations: EVERYTHING }], ['aws-node-arm', { nodeSelector: { 'kubernetes.io/arch': 'arm64' }, tolerations: EVERYTHING }], ['aws-node-spot', { nodeSelector: { 'eks.amazonaws.com/capacityType': 'SPOT' } }], ['aws-network-policy-agent', { ...required({ key: 'eks.amazonaws.com/nodegroup', operator: 'Exists' }) }], ['aws-node-gpu', { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }]] as const) {
    out.push(hostAgent(name, 'kube-system', 'public.ecr.aws/eks/amazon-k8s-cni:v1.18.2', [61678, 61679], rnd, pod));
  }
  // CSI node drivers, each with its liveness probe sidecar's healthz on 9808.
  for (const [name, label] of [['ebs-csi-node', 'eks.amazonaws.com/nodegroup'], ['efs-csi-node', 'eks.amazonaws.com/nodegroup'], ['pdcsi-node', 'cloud.google.com/gke-nodepool'], ['filestore-node', 'cloud.google.com/gke-nodepool'], ['csi-azuredisk-node', 'kubernetes.azure.com/agentpool'], ['csi-azurefile-node', 'kubernetes.azure.com/agentpool']]) {
    out.push(hostAgent(name, 'kube-system', 'registry.k8s.io/sig-storage/livenessprobe:v2.13.0', [9808], rnd, { nodeSelector: LINUX, tolerations: NO_SCHEDULE, ...required({ key: label, operator: 'Exists' }, ...REAL_NODES) }));
  }
  // Fluent Bit copies on 2020: the platform's, security's, audit's, and per-cloud forks.
  for (const [name, pod] of [['fluent-bit', { nodeSelector: LINUX, tolerations: EVERYTHING }], ['fluent-bit-security', { nodeSelector: LINUX, tolerations: NO_SCHEDULE }], ['fluent-bit-audit', { nodeSelector: LINUX }], ...CLOUDS.map(cloud => [`fluent-bit-${cloud}`, required({ key: CLOUD_LABEL[cloud], operator: 'Exists' })] as const), ['fluent-bit-windows', { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] }]] as const) {
    out.push(hostAgent(name, 'logging', 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', [2020], rnd, pod, { updateStrategy: { rollingUpdate: { maxUnavailable: '20%' } } }));
  }
  // DCGM exporters on 9400 on GPU nodes.
  for (const [name, selector] of [['dcgm-exporter', { 'nvidia.com/gpu.present': 'true' }], ['dcgm-exporter-gke', { 'cloud.google.com/gke-gpu': 'true' }], ['dcgm-exporter-research', { 'nvidia.com/gpu.present': 'true' }], ['dcgm-exporter-profiling', { 'nvidia.com/gpu.present': 'true' }], ['gke-dcgm', { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' }]] as const) {
    out.push(hostAgent(name, 'gpu-monitoring', 'nvcr.io/nvidia/k8s/dcgm-exporter:3.3.6-3.4.2-ubuntu22.04', [9400], rnd, { nodeSelector: selector, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }));
  }
  return out;
}

/** The 50 agents without host ports: security, logging, GPU plugins, per-team node agents. */
function podNetworkAgents(rnd: () => number): any[] {
  const patterns: Array<(i: number) => any> = [
    () => ({ nodeSelector: LINUX, tolerations: EVERYTHING }),
    () => required({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, ...REAL_NODES),
    () => ({ ...required({ key: 'eks.amazonaws.com/capacityType', operator: 'NotIn', values: ['SPOT'] }, { key: 'cloud.google.com/gke-spot', operator: 'DoesNotExist' }), tolerations: NO_SCHEDULE }),
    i => ({ nodeSelector: { 'topology.kubernetes.io/zone': ['eu-west-1b', 'us-central1-b', 'westeurope-3'][i % 3] } }),
    () => ({ nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] }),
    () => ({ nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }),
    () => ({ ...required({ key: 'kubernetes.azure.com/scalesetpriority', operator: 'In', values: ['spot'] }), tolerations: [{ key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' }] }),
    i => ({ ...required({ key: CLOUD_LABEL[CLOUDS[i % 3]], operator: 'Exists' }, { key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['p3.2xlarge'] }), tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] }),
    () => ({}),
    () => ({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['ip-10-0-0-1.eu-west-1.compute.internal'] }] },
              { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] },
            ],
          },
        },
      },
      tolerations: NO_SCHEDULE,
    }),
  ];
  const strategies = [undefined, { rollingUpdate: { maxUnavailable: '25%' } }, { type: 'OnDelete' }, { rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } }];
  const names = ['falco', 'node-problem-detector', 'image-prepuller', 'promtail', 'vector', 'secrets-store-csi', 'nvidia-device-plugin', 'spot-termination-handler', 'team-agent', 'node-local-dns'];
  return Array.from({ length: 50 }, (_, i) => {
    const name = `${names[i % names.length]}-${Math.floor(i / names.length)}`;
    const strategy = strategies[i % strategies.length];
    return daemonSet(name, `agents-${i % 6}`, { containers: [container('agent', `ghcr.io/example/${names[i % names.length]}:1.${i}.0`, [8080 + (i % 3)], rnd)], ...patterns[i % patterns.length](i) }, {
      minReadySeconds: (i % 4) * 10,
      ...(strategy ? { updateStrategy: strategy } : {}),
    });
  });
}

/** The 100 DaemonSets: 50 hostNetwork agents sharing ports, 50 on the pod network. */
export function cloudDaemonSets(seed = 12): any[] {
  const rnd = prng(seed);
  return [...hostNetworkAgents(rnd), ...podNetworkAgents(rnd)];
}
