/**
 * Node inventories shaped like `kubectl get nodes -o json` on managed clusters (EKS, GKE, AKS),
 * and the DaemonSets such clusters run, for the planner's fleet-size benchmark (f). Unlike
 * bench/synthetic.ts's lean nodes, these carry what real inventories carry and the planner must
 * read past: provider labels (node groups, capacity types, images, zones), annotations, addresses,
 * conditions, node info and the image list, so a node weighs about 5 KiB of JSON, as on a real
 * cluster. The inventory mixes the three clouds' pools, as a fleet-wide inventory gathered from
 * several clusters does. Seeded: every run plans the same input.
 */
import { prng } from './synthetic';

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
function hex(rnd: Rnd, n: number): string {
  let out = '';
  while (out.length < n) out += Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, '0');
  return out.slice(0, n);
}

interface Pool {
  readonly cloud: 'eks' | 'gke' | 'aks';
  readonly name: string;
  /** Share of the fleet, in percent. */
  readonly weight: number;
  readonly os: 'linux' | 'windows';
  readonly arch: 'amd64' | 'arm64';
  readonly types: readonly string[];
  readonly labels: Record<string, string>;
  readonly taints: ReadonlyArray<{ key: string; value?: string; effect: string }>;
  readonly allocatable: Record<string, string>;
}

const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const LINUX_ALLOC = { 'cpu': '7910m', 'memory': '31482Mi', 'pods': '110', 'ephemeral-storage': '95551679124' };

/** The pools, by cloud: general, spot, arm, GPU, Windows, system and serverless-like pools. */
const POOLS: readonly Pool[] = [
  { cloud: 'eks', name: 'general', weight: 14, os: 'linux', arch: 'amd64', types: ['m6i.2xlarge', 'm5.2xlarge'], labels: { 'eks.amazonaws.com/capacityType': 'ON_DEMAND' }, taints: [], allocatable: { ...LINUX_ALLOC, pods: '58' } },
  { cloud: 'eks', name: 'spot', weight: 8, os: 'linux', arch: 'amd64', types: ['c5.4xlarge', 'c6i.4xlarge'], labels: { 'eks.amazonaws.com/capacityType': 'SPOT', 'karpenter.sh/capacity-type': 'spot', 'karpenter.sh/nodepool': 'spot' }, taints: [], allocatable: { ...LINUX_ALLOC, cpu: '15890m', pods: '234' } },
  { cloud: 'eks', name: 'graviton', weight: 6, os: 'linux', arch: 'arm64', types: ['m7g.2xlarge', 'c7g.2xlarge'], labels: { 'eks.amazonaws.com/capacityType': 'ON_DEMAND' }, taints: [], allocatable: { ...LINUX_ALLOC, pods: '58' } },
  { cloud: 'eks', name: 'gpu', weight: 3, os: 'linux', arch: 'amd64', types: ['g5.2xlarge', 'p3.2xlarge'], labels: { 'nvidia.com/gpu.present': 'true', 'eks.amazonaws.com/capacityType': 'ON_DEMAND' }, taints: [GPU_TAINT], allocatable: { ...LINUX_ALLOC, 'nvidia.com/gpu': '1' } },
  { cloud: 'eks', name: 'fargate', weight: 2, os: 'linux', arch: 'amd64', types: ['fargate'], labels: { 'eks.amazonaws.com/compute-type': 'fargate' }, taints: [{ key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule' }], allocatable: { 'cpu': '2', 'memory': '4Gi', 'pods': '1', 'ephemeral-storage': '20Gi' } },
  { cloud: 'gke', name: 'default-pool', weight: 14, os: 'linux', arch: 'amd64', types: ['e2-standard-8', 'n2-standard-8'], labels: { 'cloud.google.com/gke-os-distribution': 'cos', 'cloud.google.com/gke-provisioning': 'standard' }, taints: [], allocatable: { ...LINUX_ALLOC, cpu: '7910m', memory: '28902Mi' } },
  { cloud: 'gke', name: 'spot-pool', weight: 8, os: 'linux', arch: 'amd64', types: ['n2d-standard-16'], labels: { 'cloud.google.com/gke-spot': 'true', 'cloud.google.com/gke-os-distribution': 'cos' }, taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }], allocatable: { ...LINUX_ALLOC, cpu: '15890m' } },
  { cloud: 'gke', name: 'arm-pool', weight: 4, os: 'linux', arch: 'arm64', types: ['t2a-standard-8'], labels: { 'cloud.google.com/gke-os-distribution': 'cos' }, taints: [{ key: 'kubernetes.io/arch', value: 'arm64', effect: 'NoSchedule' }], allocatable: LINUX_ALLOC },
  { cloud: 'gke', name: 'gpu-pool', weight: 3, os: 'linux', arch: 'amd64', types: ['n1-standard-8'], labels: { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4', 'cloud.google.com/gke-gpu': 'true' }, taints: [GPU_TAINT], allocatable: { ...LINUX_ALLOC, 'nvidia.com/gpu': '1' } },
  { cloud: 'aks', name: 'system', weight: 4, os: 'linux', arch: 'amd64', types: ['Standard_D4s_v5'], labels: { 'kubernetes.azure.com/mode': 'system' }, taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }], allocatable: { ...LINUX_ALLOC, cpu: '3860m', memory: '12902Mi' } },
  { cloud: 'aks', name: 'user', weight: 16, os: 'linux', arch: 'amd64', types: ['Standard_D8s_v5', 'Standard_D8as_v5'], labels: { 'kubernetes.azure.com/mode': 'user' }, taints: [], allocatable: LINUX_ALLOC },
  { cloud: 'aks', name: 'spot', weight: 6, os: 'linux', arch: 'amd64', types: ['Standard_F16s_v2'], labels: { 'kubernetes.azure.com/mode': 'user', 'kubernetes.azure.com/scalesetpriority': 'spot' }, taints: [{ key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' }], allocatable: { ...LINUX_ALLOC, cpu: '15860m' } },
  { cloud: 'aks', name: 'win', weight: 5, os: 'windows', arch: 'amd64', types: ['Standard_D8s_v5'], labels: { 'kubernetes.azure.com/mode': 'user' }, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }], allocatable: { ...LINUX_ALLOC, pods: '30' } },
  { cloud: 'aks', name: 'virtual-node', weight: 7, os: 'linux', arch: 'amd64', types: ['virtual-kubelet'], labels: { 'type': 'virtual-kubelet', 'kubernetes.io/role': 'agent' }, taints: [{ key: 'virtual-kubelet.io/provider', value: 'azure', effect: 'NoSchedule' }], allocatable: { cpu: '10k', memory: '4Ti', pods: '5k' } },
];

const REGIONS = { eks: 'eu-west-1', gke: 'us-central1', aks: 'westeurope' } as const;
const ZONES = { eks: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], gke: ['us-central1-a', 'us-central1-b', 'us-central1-f'], aks: ['westeurope-1', 'westeurope-2', 'westeurope-3'] } as const;
const IMAGES = [
  'registry.k8s.io/kube-proxy', 'quay.io/prometheus/node-exporter', 'cr.fluentbit.io/fluent/fluent-bit', 'docker.io/calico/node', 'quay.io/cilium/cilium',
  'public.ecr.aws/eks-distro/kubernetes/pause', 'registry.k8s.io/csi-node-driver-registrar', 'gcr.io/datadoghq/agent', 'docker.io/falcosecurity/falco',
  'nvcr.io/nvidia/k8s/dcgm-exporter', 'ghcr.io/example/payments-api', 'ghcr.io/example/web-frontend', 'docker.io/library/nginx', 'docker.io/library/redis',
  'quay.io/jetstack/cert-manager-controller', 'registry.k8s.io/ingress-nginx/controller', 'docker.io/grafana/promtail', 'mcr.microsoft.com/oss/kubernetes/pause',
];

/** Images as the kubelet lists them, each in three versions: nodes of a fleet pull the same few. */
const PULLED = IMAGES.flatMap((image, j) => [0, 1, 2].map(v => {
  const rnd = prng(1000 + 3 * j + v);
  return { names: [`${image}@sha256:${hex(rnd, 64)}`, `${image}:v1.${v}.${Math.floor(rnd() * 9)}`], sizeBytes: 10_000_000 + Math.floor(rnd() * 300_000_000) };
}));

function poolOf(rnd: Rnd): Pool {
  let r = rnd() * 100;
  for (const pool of POOLS) {
    r -= pool.weight;
    if (r < 0) return pool;
  }
  return POOLS[POOLS.length - 1];
}

function providerLabels(pool: Pool, type: string, zone: string, rnd: Rnd): Record<string, string> {
  switch (pool.cloud) {
    case 'eks':
      return {
        'eks.amazonaws.com/nodegroup': `ng-${pool.name}-${1 + Math.floor(rnd() * 3)}`,
        'eks.amazonaws.com/nodegroup-image': `ami-0${hex(rnd, 16)}`,
        'eks.amazonaws.com/sourceLaunchTemplateVersion': String(1 + Math.floor(rnd() * 9)),
        'k8s.io/cloud-provider-aws': hex(rnd, 32),
        'topology.ebs.csi.aws.com/zone': zone,
        'alpha.eksctl.io/cluster-name': 'prod-eu',
      };
    case 'gke':
      return {
        'cloud.google.com/gke-nodepool': pool.name,
        'cloud.google.com/gke-boot-disk': 'pd-balanced',
        'cloud.google.com/gke-container-runtime': 'containerd',
        'cloud.google.com/gke-cpu-scaling-level': type.split('-').pop()!,
        'cloud.google.com/gke-max-pods-per-node': '110',
        'cloud.google.com/machine-family': type.split('-')[0],
        'cloud.google.com/private-node': 'true',
        'topology.gke.io/zone': zone,
        'iam.gke.io/gke-metadata-server-enabled': 'true',
        'node.kubernetes.io/masq-agent-ds-ready': 'true',
      };
    case 'aks':
      return {
        'agentpool': pool.name,
        'kubernetes.azure.com/agentpool': pool.name,
        'kubernetes.azure.com/cluster': 'MC_prod-rg_prod-aks_westeurope',
        'kubernetes.azure.com/node-image-version': pool.os === 'windows' ? 'AKSWindows-2022-containerd-20348.2461.240510' : 'AKSUbuntu-2204gen2containerd-202405.03.0',
        'kubernetes.azure.com/os-sku': pool.os === 'windows' ? 'Windows2022' : 'Ubuntu',
        'kubernetes.azure.com/role': 'agent',
        'kubernetes.azure.com/storageprofile': 'managed',
        'kubernetes.azure.com/storagetier': 'Premium_LRS',
        'kubernetes.azure.com/kubelet-identity-client-id': `${hex(rnd, 8)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 12)}`,
        'storageprofile': 'managed',
        'storagetier': 'Premium_LRS',
        'kubernetes.io/role': 'agent',
        'kubernetes.azure.com/nodenetwork-vnetguid': `${hex(rnd, 8)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 12)}`,
      };
  }
}

function nodeName(pool: Pool, i: number, zone: string, rnd: Rnd): string {
  switch (pool.cloud) {
    case 'eks': return `ip-10-${Math.floor(i / 65536) % 256}-${Math.floor(i / 256) % 256}-${i % 256}.${REGIONS.eks}.compute.internal`;
    case 'gke': return `gke-prod-us-${pool.name}-${hex(rnd, 8)}-${hex(rnd, 4)}-${i.toString(36)}`;
    case 'aks': return pool.name === 'virtual-node' ? `virtual-node-aci-linux-${i}` : `aks-${pool.name}-${10000000 + (i % 90000000)}-vmss${i.toString(36).padStart(6, '0')}${zone.slice(-1)}`;
  }
}

/** One node as kubectl prints it (without managedFields, which kubectl hides). */
function cloudNode(i: number, rnd: Rnd): any {
  const pool = poolOf(rnd);
  const zone = pick(rnd, ZONES[pool.cloud]);
  const type = pick(rnd, pool.types);
  const name = nodeName(pool, i, zone, rnd);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': pool.arch,
    'beta.kubernetes.io/instance-type': type,
    'beta.kubernetes.io/os': pool.os,
    'failure-domain.beta.kubernetes.io/region': REGIONS[pool.cloud],
    'failure-domain.beta.kubernetes.io/zone': zone,
    'kubernetes.io/arch': pool.arch,
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': pool.os,
    'node.kubernetes.io/instance-type': type,
    'topology.kubernetes.io/region': REGIONS[pool.cloud],
    'topology.kubernetes.io/zone': zone,
    ...providerLabels(pool, type, zone, rnd),
    ...pool.labels,
  };
  const taints: any[] = [...pool.taints];
  const state = rnd();
  const ready = state >= 0.015;
  if (!ready) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: '2026-11-30T08:12:44Z' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2026-11-30T08:12:49Z' });
  else if (state < 0.03) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2026-11-30T09:01:02Z' });
  const ip = `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}`;
  const time = '2026-11-30T07:00:00Z';
  const conditions = ['MemoryPressure', 'DiskPressure', 'PIDPressure'].map(type_ => ({
    type: type_, status: 'False', lastHeartbeatTime: time, lastTransitionTime: time, reason: `KubeletHas${type_ === 'PIDPressure' ? 'SufficientPID' : type_ === 'DiskPressure' ? 'NoDiskPressure' : 'SufficientMemory'}`, message: `kubelet has no ${type_}`,
  }));
  conditions.push({ type: 'Ready', status: ready ? 'True' : 'Unknown', lastHeartbeatTime: time, lastTransitionTime: time, reason: ready ? 'KubeletReady' : 'NodeStatusUnknown', message: ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.' });
  const images = Array.from({ length: 12 + Math.floor(rnd() * 14) }, (_, k) => PULLED[(i + k * 7) % PULLED.length]);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `${hex(rnd, 8)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 12)}`,
      resourceVersion: String(100000000 + Math.floor(rnd() * 1e8)),
      creationTimestamp: '2026-11-02T10:00:00Z',
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'alpha.kubernetes.io/provided-node-ip': ip,
        'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'ebs.csi.aws.com': `i-0${hex(rnd, 16)}` }),
      },
    },
    spec: {
      providerID: pool.cloud === 'eks' ? `aws:///${zone}/i-0${hex(rnd, 16)}` : pool.cloud === 'gke' ? `gce://prod-project/${zone}/${name}` : `azure:///subscriptions/${hex(rnd, 8)}/resourceGroups/mc_prod/providers/Microsoft.Compute/virtualMachineScaleSets/${pool.name}/virtualMachines/${i}`,
      ...(pool.cloud === 'gke' ? { podCIDR: `10.${64 + (i % 64)}.${i % 256}.0/24`, podCIDRs: [`10.${64 + (i % 64)}.${i % 256}.0/24`] } : {}),
      ...(state >= 0.015 && state < 0.03 ? { unschedulable: true } : {}),
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity: { ...pool.allocatable },
      allocatable: { ...pool.allocatable },
      conditions,
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }, { type: 'InternalDNS', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hex(rnd, 32),
        systemUUID: hex(rnd, 32),
        bootID: hex(rnd, 32),
        kernelVersion: pool.os === 'windows' ? '10.0.20348.2461' : '6.1.90-99.173.amzn2023.x86_64',
        osImage: pool.os === 'windows' ? 'Windows Server 2022 Datacenter' : pool.cloud === 'gke' ? 'Container-Optimized OS from Google' : 'Ubuntu 22.04.4 LTS',
        containerRuntimeVersion: 'containerd://1.7.15',
        kubeletVersion: 'v1.30.4',
        kubeProxyVersion: 'v1.30.4',
        operatingSystem: pool.os,
        architecture: pool.arch,
      },
      images,
    },
  };
}

/**
 * `count` nodes in the pools' proportions, numbered from `first`: a large inventory can be made
 * in chunks (each chunk seeded by its first number) without holding it whole.
 */
export function cloudNodes(count: number, first = 0, seed = 11): any[] {
  const rnd = prng(seed + first);
  return Array.from({ length: count }, (_, i) => cloudNode(first + i, rnd));
}
