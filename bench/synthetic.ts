/**
 * A deterministic synthetic cluster for the planner benchmark: node pools shaped like a real fleet
 * (control plane, general linux amd64/arm64, windows, GPU, NotReady, cordoned, tainted edge) and
 * DaemonSets exercising every placement rule. Seeded, so every run plans the same input.
 */

/* eslint-disable no-bitwise -- the generator works on 32-bit unsigned integers */
/** mulberry32: a tiny seeded PRNG, good enough to shuffle a synthetic fleet reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const TYPES = ['m5.xlarge', 'm5.2xlarge', 'c5.4xlarge', 'r5.2xlarge', 'm6g.xlarge', 'c6g.2xlarge'];

export function syntheticNodes(count: number, seed = 1): any[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const nodes: any[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const name = `node-${String(i).padStart(6, '0')}`;
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node.kubernetes.io/instance-type': pick(TYPES),
      'topology.kubernetes.io/zone': pick(ZONES),
      'topology.kubernetes.io/region': 'eu-west-1',
      'example.com/pool': pick(['general', 'batch', 'web', 'data']),
      'example.com/cpu-generation': String(3 + Math.floor(rnd() * 5)),
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': 'amd64',
    };
    const taints: any[] = [];
    let allocatable: Record<string, string> = { 'cpu': '3920m', 'memory': '15Gi', 'pods': '110', 'ephemeral-storage': '95Gi' };
    const spec: any = {};
    if (r < 0.03) {
      labels['node-role.kubernetes.io/control-plane'] = '';
      taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
    } else if (r < 0.18) {
      labels['kubernetes.io/arch'] = 'arm64';
      labels['beta.kubernetes.io/arch'] = 'arm64';
    } else if (r < 0.25) {
      labels['kubernetes.io/os'] = 'windows';
      labels['beta.kubernetes.io/os'] = 'windows';
      taints.push({ key: 'os', value: 'windows', effect: 'NoSchedule' });
    } else if (r < 0.33) {
      labels['nvidia.com/gpu.present'] = 'true';
      taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
      allocatable = { ...allocatable, 'nvidia.com/gpu': '4' };
    } else if (r < 0.35) {
      taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
    } else if (r < 0.37) {
      spec.unschedulable = true;
      taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    } else if (r < 0.40) {
      labels['example.com/pool'] = 'edge';
      taints.push({ key: 'dedicated', value: 'edge', effect: 'NoExecute' }, { key: 'example.com/slow', effect: 'PreferNoSchedule' });
      allocatable = { 'cpu': '900m', 'memory': '1Gi', 'pods': '30', 'ephemeral-storage': '20Gi' };
    }
    if (taints.length > 0) spec.taints = taints;
    nodes.push({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec, status: { allocatable } });
  }
  return nodes;
}

function daemonSet(i: number, podSpec: any, strategy?: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: `agent-${String(i).padStart(3, '0')}`, namespace: `ns-${i % 7}` },
    spec: {
      selector: { matchLabels: { app: `agent-${i}` } },
      minReadySeconds: (i % 4) * 10,
      ...(strategy ? { updateStrategy: strategy } : {}),
      template: { metadata: { labels: { app: `agent-${i}` } }, spec: podSpec },
    },
  };
}

function container(i: number, rnd: () => number, ports: any[] = []): any {
  return {
    name: 'agent',
    image: `example.com/agent-${i}:1.0.0`,
    ports,
    resources: { requests: { cpu: `${25 * (1 + Math.floor(rnd() * 40))}m`, memory: `${32 * (1 + Math.floor(rnd() * 16))}Mi` } },
  };
}

/** `count` DaemonSets cycling through ten placement patterns. */
export function syntheticDaemonSets(count: number, seed = 2): any[] {
  const rnd = prng(seed);
  const out: any[] = [];
  for (let i = 0; i < count; i++) {
    const pattern = i % 10;
    const c = container(i, rnd, i % 25 === 0 ? [{ containerPort: 9100 + (i % 50), hostPort: 9100 }] : []);
    let spec: any;
    let strategy: any;
    switch (pattern) {
      case 0: // node-exporter style: linux, tolerate everything, host network
        spec = { hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }], containers: [c] };
        strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } };
        break;
      case 1: // plain, no constraint
        spec = { containers: [c] };
        break;
      case 2: // arch/os affinity
        spec = {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{
                  matchExpressions: [
                    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
                  ],
                }],
              },
            },
          },
          containers: [c],
        };
        strategy = { rollingUpdate: { maxUnavailable: '25%' } };
        break;
      case 3: // two ORed terms
        spec = {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] },
                  { matchExpressions: [{ key: 'example.com/pool', operator: 'In', values: ['batch', 'data'] }] },
                ],
              },
            },
          },
          containers: [c],
        };
        break;
      case 4: // Gt on a numeric label
        spec = {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{
                  matchExpressions: [
                    { key: 'example.com/cpu-generation', operator: 'Gt', values: ['4'] },
                  ],
                }],
              },
            },
          },
          containers: [c],
        };
        break;
      case 5: // NotIn and DoesNotExist
        spec = {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{
                  matchExpressions: [
                    { key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['c5.4xlarge'] },
                    { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' },
                  ],
                }],
              },
            },
          },
          containers: [c],
        };
        strategy = { rollingUpdate: { maxUnavailable: 0, maxSurge: '20%' } };
        break;
      case 6: // matchFields
        spec = {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{
                  matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-000001'] }],
                }],
              },
            },
          },
          containers: [c],
        };
        break;
      case 7: // GPU monitor
        spec = {
          nodeSelector: { 'nvidia.com/gpu.present': 'true' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ ...c, resources: { limits: { 'nvidia.com/gpu': '1' } } }],
        };
        strategy = { type: 'OnDelete' };
        break;
      case 8: // CNI style: NoSchedule everywhere, host network
        spec = { hostNetwork: true, tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }, { key: 'dedicated', operator: 'Equal', value: 'edge', effect: 'NoExecute' }], containers: [c] };
        strategy = { rollingUpdate: { maxUnavailable: 1 } };
        break;
      default: // a few specific tolerations
        spec = {
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
            { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
          ],
          containers: [c],
        };
    }
    out.push(daemonSet(i, spec, strategy));
  }
  return out;
}
