/**
 * What the agents share through their base: the defaults shape, the registry mirror, the
 * pull Secrets and the refusal of extraEnv and extraArgs that collide with what an agent manages.
 * Each is checked on every agent, so a fifth agent is added to AGENTS and inherits the checks.
 */
import { Chart, Size } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import {
  AgentOptions, CniAgentDaemonSet, CniConfig, CniImplementation, CniInitStep, GpuMonitorDaemonSet, LogCollectorDaemonSet, LogOutput,
  NodeExporterDaemonSet, SecurityAgentDaemonSet, StorageAgentDaemonSet, ValidationError,
} from '../../src';
import { AgentBase, AgentDefaults } from '../../src/agents/agent-base';
import { AGENT_DEFAULTS as CNI_DEFAULTS } from '../../src/agents/cni-agent/defaults';
import { AGENT_DEFAULTS as GPU_DEFAULTS } from '../../src/agents/gpu-monitor/gpu-monitor';
import { AGENT_DEFAULTS as LOG_DEFAULTS } from '../../src/agents/log-collector/log-collector';
import { AGENT_DEFAULTS as NE_DEFAULTS } from '../../src/agents/node-exporter/node-exporter';
import { AGENT_DEFAULTS as SECURITY_DEFAULTS } from '../../src/agents/security-agent/security-agent';
import { CsiDriver } from '../../src/agents/storage-agent/csi-driver';
import { AGENT_DEFAULTS as STORAGE_DEFAULTS } from '../../src/agents/storage-agent/defaults';
import { mirroredImage } from '../../src/base/image-source';
import { Manifest, newChart, only, synth } from '../support/manifests';

interface AgentRow {
  readonly name: string;
  readonly id: string;
  readonly defaults: AgentDefaults;
  readonly build: (chart: Chart, options?: AgentOptions) => AgentBase;
  /** Every image the agent runs by default, by container, as upstream publishes it. */
  readonly images: Record<string, string>;
}

const AGENTS: AgentRow[] = [
  {
    name: 'NodeExporterDaemonSet',
    id: 'ne',
    defaults: NE_DEFAULTS,
    build: (chart, options = {}) => new NodeExporterDaemonSet(chart, 'ne', options),
    images: { 'node-exporter': 'quay.io/prometheus/node-exporter:v1.12.1' },
  },
  {
    name: 'LogCollectorDaemonSet',
    id: 'logs',
    defaults: LOG_DEFAULTS,
    build: (chart, options = {}) => new LogCollectorDaemonSet(chart, 'logs', { outputs: [LogOutput.stdout()], ...options }),
    images: { 'fluent-bit': 'cr.fluentbit.io/fluent/fluent-bit:5.1.1' },
  },
  {
    name: 'CniAgentDaemonSet',
    id: 'cni',
    defaults: CNI_DEFAULTS,
    build: (chart, options = {}) => new CniAgentDaemonSet(chart, 'cni', options),
    images: {
      'flannel': 'ghcr.io/flannel-io/flannel:v0.28.9',
      'install-cni': 'ghcr.io/flannel-io/flannel:v0.28.9',
      'install-cni-plugin': 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3',
    },
  },
  {
    name: 'GpuMonitorDaemonSet',
    id: 'gpu',
    defaults: GPU_DEFAULTS,
    build: (chart, options = {}) => new GpuMonitorDaemonSet(chart, 'gpu', options),
    images: { exporter: 'nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless' },
  },
  {
    name: 'SecurityAgentDaemonSet',
    id: 'falco',
    defaults: SECURITY_DEFAULTS,
    build: (chart, options = {}) => new SecurityAgentDaemonSet(chart, 'falco', options),
    images: { falco: 'docker.io/falcosecurity/falco:0.44.1' },
  },
  {
    name: 'StorageAgentDaemonSet',
    id: 'storage',
    // The node selection is the driver's (the default driver's here): where a CSI driver can run is the driver's to say.
    defaults: { ...STORAGE_DEFAULTS, nodeSelection: CsiDriver.awsEbs().nodeSelection },
    build: (chart, options = {}) => new StorageAgentDaemonSet(chart, 'storage', options),
    images: {
      'ebs-plugin': 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0',
      'node-driver-registrar': 'public.ecr.aws/csi-components/csi-node-driver-registrar:v2.17.0-eksbuild.5',
      'liveness-probe': 'public.ecr.aws/csi-components/livenessprobe:v2.19.0-eksbuild.5',
    },
  },
];

const podSpec = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec;
const imagesOf = (objs: Manifest[]): Record<string, string> => {
  const pod = podSpec(objs);
  return Object.fromEntries([...pod.containers, ...(pod.initContainers ?? [])].map((c: any) => [c.name, c.image]));
};
const thrown = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('the agents\' defaults', () => {
  // Pinned values: a changed default must change this table, the @default docs and the README together.
  const PINNED: Record<string, object> = {
    NodeExporterDaemonSet: {
      namespace: 'monitoring',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      resources: { cpu: '102m', memory: '180Mi', cpuLimit: undefined, memoryLimit: '180Mi' },
      syncWave: 0,
    },
    LogCollectorDaemonSet: {
      namespace: 'logging',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '20%', maxSurge: 0 } },
      resources: { cpu: '100m', memory: '128Mi', cpuLimit: undefined, memoryLimit: '256Mi' },
      syncWave: 0,
    },
    CniAgentDaemonSet: {
      namespace: 'kube-flannel',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      resources: { cpu: '100m', memory: '50Mi', cpuLimit: undefined, memoryLimit: '256Mi' },
      syncWave: -10,
    },
    GpuMonitorDaemonSet: {
      namespace: 'gpu-monitoring',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
        { key: 'CriticalAddonsOnly', operator: 'Exists' },
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      resources: { cpu: '100m', memory: '128Mi', cpuLimit: undefined, memoryLimit: '512Mi' },
      syncWave: 0,
    },
    SecurityAgentDaemonSet: {
      namespace: 'falco',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      resources: { cpu: '100m', memory: '512Mi', cpuLimit: undefined, memoryLimit: '1024Mi' },
      syncWave: -3,
    },
    StorageAgentDaemonSet: {
      namespace: 'storage',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      resources: { cpu: '10m', memory: '40Mi', cpuLimit: undefined, memoryLimit: '256Mi' },
      syncWave: -5,
    },
  };

  const summary = (d: AgentDefaults) => ({
    namespace: d.namespace,
    nodeSelector: d.nodeSelection.toNodeSelector(),
    tolerations: d.tolerations.map(t => t.toJson()),
    updateStrategy: d.updateStrategy.toJson(),
    resources: {
      cpu: d.resources.cpu?.request?.amount,
      memory: d.resources.memory?.request?.asString(),
      cpuLimit: d.resources.cpu?.limit?.amount,
      memoryLimit: d.resources.memory?.limit?.asString(),
    },
    syncWave: d.syncWave.wave,
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s fills in every field of the one shape', (_name, agent) => {
    expect(Object.keys(agent.defaults).sort()).toEqual(['namespace', 'nodeSelection', 'resources', 'syncWave', 'tolerations', 'updateStrategy']);
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s: the pinned values', (name, agent) => {
    expect(summary(agent.defaults)).toEqual(expect.objectContaining(PINNED[name]));
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s runs with its defaults when the options are left out', (_name, agent) => {
    const chart = newChart();
    const built = agent.build(chart);
    const objs = synth(chart);
    const ds = only(objs, 'DaemonSet');
    const main = podSpec(objs).containers.find((c: any) => c.name === built.container.name);
    expect(built.namespace).toBe(agent.defaults.namespace);
    expect(ds.metadata.namespace).toBe(agent.defaults.namespace);
    expect(podSpec(objs).nodeSelector).toEqual(agent.defaults.nodeSelection.toNodeSelector());
    expect(podSpec(objs).tolerations).toEqual(agent.defaults.tolerations.map(t => t.toJson()));
    expect(ds.spec.updateStrategy.rollingUpdate).toEqual(agent.defaults.updateStrategy.toJson().rollingUpdate);
    const requests = agent.defaults.resources;
    expect(main.resources.requests).toEqual({ cpu: requests.cpu!.request!.amount, memory: requests.memory!.request!.asString() });
    expect(ds.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(agent.defaults.syncWave.wave));
    // The options whose default is the same for every agent are NodeAgent's.
    expect(podSpec(objs).priorityClassName).toBe('system-node-critical');
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.spec.minReadySeconds).toBe(0);
    expect(podSpec(objs).imagePullSecrets).toBeUndefined();
    expect(imagesOf(objs)).toEqual(agent.images);
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s exposes the shared children on the base', (_name, agent) => {
    const built = agent.build(newChart());
    expect(built).toBeInstanceOf(AgentBase);
    expect(built.serviceAccount).toBe(built.daemonSet.serviceAccount);
    expect(built.daemonSet.containers[0]).toBe(built.container);
    expect(built.instance).toBe(built.daemonSet.instance);
  });
});

describe('imageRegistry', () => {
  test.each([
    ['quay.io/prometheus/node-exporter:v1.12.1', 'mirror.example.com/quay', 'mirror.example.com/quay/prometheus/node-exporter:v1.12.1'],
    ['nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless', 'mirror.example.com', 'mirror.example.com/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless'],
    ['busybox:1.36', 'mirror.example.com/hub', 'mirror.example.com/hub/library/busybox:1.36'],
    ['docker.io/busybox:1.36', 'mirror.example.com/hub', 'mirror.example.com/hub/library/busybox:1.36'],
    ['index.docker.io/library/busybox:1.36', 'mirror.example.com/hub', 'mirror.example.com/hub/library/busybox:1.36'],
    ['grafana/alloy:v1.5.0', 'mirror.example.com/hub', 'mirror.example.com/hub/grafana/alloy:v1.5.0'],
    ['localhost:5000/agent:v1', 'registry.internal:5000', 'registry.internal:5000/agent:v1'],
    ['localhost/agent:v1', 'registry.internal:5000', 'registry.internal:5000/agent:v1'],
    [`ghcr.io/flannel-io/flannel@sha256:${'a'.repeat(64)}`, 'mirror.example.com/ghcr', `mirror.example.com/ghcr/flannel-io/flannel@sha256:${'a'.repeat(64)}`],
  ])('%s through %s is %s', (image, registry, expected) => {
    expect(mirroredImage(image, registry)).toBe(expected);
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s pulls every image through the mirror, init containers and sidecars included', (_name, agent) => {
    const chart = newChart();
    const built = agent.build(chart, { imageRegistry: 'mirror.example.com/cache/' });
    // Containers added through the escape hatch after construction come from the mirror too.
    const resources = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } };
    built.daemonSet.addContainer({ name: 'sidecar', image: 'busybox:1.36', resources, securityContext: { ensureNonRoot: true, user: 65534 } });
    built.daemonSet.addInitContainer({ name: 'prepare', image: 'quay.io/example/prepare:v2', resources, securityContext: { ensureNonRoot: true, user: 65534 } });
    const images = imagesOf(synth(chart));
    expect(images).toEqual({
      ...Object.fromEntries(Object.entries(agent.images).map(([name, image]) => [name, mirroredImage(image, 'mirror.example.com/cache')])),
      sidecar: 'mirror.example.com/cache/library/busybox:1.36',
      prepare: 'mirror.example.com/cache/example/prepare:v2',
    });
    expect(Object.values(images).every(i => i.startsWith('mirror.example.com/cache/'))).toBe(true);
    // The escape hatch says what is pulled.
    expect(built.container.image).toBe(images[built.container.name]);
    expect(built.daemonSet.imageRegistry).toBe('mirror.example.com/cache');
  });

  test('a custom CNI agent\'s own images, init containers and plugins come from the mirror too', () => {
    const chart = newChart();
    new CniAgentDaemonSet(chart, 'cni', {
      imageRegistry: 'mirror.example.com',
      implementation: CniImplementation.custom({
        name: 'example',
        image: 'registry.example.com/example:v1.0.0',
        version: '1.0.0',
        cniConfig: CniConfig.flannel(),
        plugins: [{ image: 'example/plugins:v1.5.0', path: '/example' }, { image: 'quay.io/example/more-plugins:v2.0.0', path: '/more' }],
        initContainers: [
          CniInitStep.container({ name: 'prepare', image: 'quay.io/example/prepare:v1.0.0', justification: 'Prepares the node.' }),
          CniInitStep.installPlugins(),
          CniInitStep.installConfig(),
        ],
      }),
    });
    expect(imagesOf(synth(chart))).toEqual({
      'example': 'mirror.example.com/example:v1.0.0',
      'prepare': 'mirror.example.com/example/prepare:v1.0.0',
      'install-cni': 'mirror.example.com/example:v1.0.0',
      'install-cni-plugin': 'mirror.example.com/example/plugins:v1.5.0',
      'install-cni-plugin-2': 'mirror.example.com/example/more-plugins:v2.0.0',
    });
  });

  const BAD: [string, RegExp][] = [
    ['mirror.example.com/quay:v1', /without a tag: each image keeps its own/],
    [`mirror.example.com/quay@sha256:${'a'.repeat(64)}`, /without a digest: each image keeps its own/],
    ['https://mirror.example.com', /without a scheme/],
    ['mirror/quay', /reads a first part without "\." or ":" as a path on Docker Hub, not as a host: give the mirror's full host name/],
    ['Mirror.example.com', /in lowercase/],
    ['mirror.example.com//quay', /in lowercase/],
    ['', /in lowercase/],
  ];
  test.each(AGENTS.map(a => [a.name, a] as const))('%s rejects a registry that is not host[:port][/path], naming imageRegistry', (_name, agent) => {
    for (const [registry, fix] of BAD) {
      const error = thrown(() => agent.build(newChart(), { imageRegistry: registry }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ path: `test/${agent.id}`, property: 'imageRegistry', value: registry });
      expect(error.problems[0].fix).toMatch(fix);
      expect(error.problems[0].fix).toContain('e.g. "mirror.example.com/quay" or "registry.internal:5000"');
    }
  });
});

describe('imagePullSecrets', () => {
  test.each(AGENTS.map(a => [a.name, a] as const))('%s passes them to its pod spec', (_name, agent) => {
    const chart = newChart();
    const built = agent.build(chart, { imagePullSecrets: ['mirror-pull', 'vendor-pull'] });
    expect(podSpec(synth(chart)).imagePullSecrets).toEqual([{ name: 'mirror-pull' }, { name: 'vendor-pull' }]);
    expect(built.daemonSet.imagePullSecrets).toEqual(['mirror-pull', 'vendor-pull']);
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s rejects a name Kubernetes refuses and a duplicate, at the agent', (_name, agent) => {
    const error = thrown(() => agent.build(newChart(), { imagePullSecrets: ['Mirror Pull', 'vendor-pull', 'vendor-pull'] }));
    expect(error.message).toBe([
      `test/${agent.id}: invalid imagePullSecrets[0]: "Mirror Pull". Use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS-1123 subdomain), e.g. "node-exporter".`,
      `test/${agent.id}: invalid imagePullSecrets[2]: "vendor-pull". Each Secret is listed once: drop the duplicate.`,
    ].join('\n'));
  });
});

describe('allowUnpinnedImages', () => {
  const customCni = (chart: Chart, options: AgentOptions = {}) => new CniAgentDaemonSet(chart, 'cni', {
    ...options,
    implementation: CniImplementation.custom({
      name: 'bridge-cni',
      version: '1.0',
      image: 'example.com/cni:latest',
      command: ['/agent'],
      cniConfig: CniConfig.fromObject({ cniVersion: '1.0.0', name: 'bridge-cni', plugins: [{ type: 'bridge' }] }),
    }),
  });

  test('a moving tag is refused with a fix that names an option the agent has', () => {
    const error = thrown(() => synth(customCni(newChart()).node.scope as Chart));
    expect(error.message).toContain('"example.com/cni:latest". Pin the image to a version tag');
    expect(error.message).toContain('or set allowUnpinnedImages: true');
    // The fix is honest only if the agent the user called takes the option it names.
    const chart = newChart();
    customCni(chart, { allowUnpinnedImages: true });
    const images = synth(chart).filter(o => o.kind === 'DaemonSet')
      .flatMap(ds => [...ds.spec.template.spec.initContainers, ...ds.spec.template.spec.containers].map((c: Manifest) => c.image));
    expect(images).toContain('example.com/cni:latest');
  });
});

describe('extraEnv and extraArgs that collide with what an agent manages', () => {
  const CASES: [string, AgentOptions, string][] = [
    ['CniAgentDaemonSet', { extraEnv: { NODE_NAME: EnvValue.fromValue('node-1') } },
      'test/cni: invalid extraEnv[NODE_NAME]: "NODE_NAME". The agent manages NODE_NAME (the downward API gives each pod its own node\'s name, by which the agent finds its Node and subnet): drop it from extraEnv.'],
    ['CniAgentDaemonSet', { extraEnv: { POD_NAMESPACE: EnvValue.fromValue('kube-system') } },
      'test/cni: invalid extraEnv[POD_NAMESPACE]: "POD_NAMESPACE". The agent manages POD_NAMESPACE (the downward API gives each pod its own namespace): drop it from extraEnv.'],
    ['CniAgentDaemonSet', { extraArgs: ['--ip-masq=false'] },
      'test/cni: invalid extraArgs[0]: "--ip-masq=false". The agent manages --ip-masq (it is the ipMasq option): use implementation: CniImplementation.flannel({ ipMasq }) instead.'],
    ['CniAgentDaemonSet', { extraArgs: ['--iface=eth1', '-healthz-port', '9000'] },
      'test/cni: invalid extraArgs[1]: "-healthz-port". The agent manages --healthz-port (the probes and the host port use the health port): use implementation: CniImplementation.flannel({ healthPort }) instead.'],
    ['CniAgentDaemonSet', { extraArgs: ['--subnet-file=/tmp/subnet.env'] },
      'test/cni: invalid extraArgs[0]: "--subnet-file=/tmp/subnet.env". The agent manages --subnet-file (the flannel CNI plugin reads the node\'s lease from /run/flannel/subnet.env): drop it from extraArgs.'],
    ['NodeExporterDaemonSet', { extraEnv: { HOST_IP: EnvValue.fromValue('10.0.0.1') } },
      'test/ne: invalid extraEnv[HOST_IP]: "HOST_IP". The agent manages HOST_IP (the listen address reads the node\'s IP from it): choose another name, or set listenOnAllInterfaces: true.'],
    ['NodeExporterDaemonSet', { extraArgs: ['--path.rootfs=/'] },
      'test/ne: invalid extraArgs[0]: "--path.rootfs=/". The agent manages --path.rootfs (node-exporter refuses a flag given twice): use mountHostRoot instead.'],
    ['LogCollectorDaemonSet', { extraArgs: ['--workdir=/tmp'] },
      'test/logs: invalid extraArgs[0]: "--workdir=/tmp". The agent manages --workdir (it is where the tail position DB is kept): use stateDirectory instead.'],
    ['LogCollectorDaemonSet', { extraArgs: ['-P', '2021'] },
      'test/logs: invalid extraArgs[0]: "-P". The agent manages -P (the probes, the Service and the ServiceMonitor use the configured port): use metricsPort instead.'],
    ['GpuMonitorDaemonSet', { extraEnv: { NODE_NAME: EnvValue.fromValue('gpu-1') } },
      'test/gpu: invalid extraEnv[NODE_NAME]: "NODE_NAME". The agent manages NODE_NAME (the downward API gives each pod its own node\'s name, which labels its GPUs\' series): drop it from extraEnv.'],
    ['GpuMonitorDaemonSet', { extraEnv: { DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS: EnvValue.fromValue('true') } },
      'test/gpu: invalid extraEnv[DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS]: "DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS". The agent manages DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS (pod labels need the RBAC that podLabels grants): use podLabels instead.'],
    ['SecurityAgentDaemonSet', { extraEnv: { FALCO_HOSTNAME: EnvValue.fromValue('node-1') } },
      'test/falco: invalid extraEnv[FALCO_HOSTNAME]: "FALCO_HOSTNAME". The agent manages FALCO_HOSTNAME (the downward API gives each pod its own node\'s name, which alerts carry as `hostname`): drop it from extraEnv.'],
    ['SecurityAgentDaemonSet', { extraArgs: ['-r', '/tmp/rules.yaml'] },
      'test/falco: invalid extraArgs[0]: "-r". The agent manages -r (Falco then ignores the rules_files of falco.yaml): use defaultRules and rulesFiles instead.'],
    ['StorageAgentDaemonSet', { extraEnv: { CSI_NODE_NAME: EnvValue.fromValue('node-1') } },
      'test/storage: invalid extraEnv[CSI_NODE_NAME]: "CSI_NODE_NAME". The agent manages CSI_NODE_NAME (the downward API gives each pod its own node\'s name, which the driver reports as its node ID): drop it from extraEnv.'],
    ['StorageAgentDaemonSet', { extraArgs: ['--csi-mount-point-prefix=/data/kubelet/'] },
      'test/storage: invalid extraArgs[0]: "--csi-mount-point-prefix=/data/kubelet/". The agent manages --csi-mount-point-prefix (the driver treats mounts below the kubelet\'s CSI directory as its volumes): use kubeletRoot instead.'],
    ['GpuMonitorDaemonSet', { extraArgs: ['-a=:9500'] },
      'test/gpu: invalid extraArgs[0]: "-a=:9500". The agent manages -a (the metrics port is fixed at 9400: the probes and the Service use it): drop it from extraArgs.'],
  ];
  test.each(CASES)('%s refuses %j, with the fix', (name, options, message) => {
    const agent = AGENTS.find(a => a.name === name)!;
    const chart = newChart();
    expect(thrown(() => agent.build(chart, options)).message).toBe(message);
    // Nothing was built: the problem is found before the DaemonSet exists.
    expect(chart.node.findAll().some(c => c.node.id === 'DaemonSet')).toBe(false);
  });

  test('every collision is reported at once, with the other problems', () => {
    const error = thrown(() => new CniAgentDaemonSet(newChart(), 'cni', {
      namespace: 'Kube_Flannel',
      extraEnv: { NODE_NAME: EnvValue.fromValue('n'), POD_NAME: EnvValue.fromValue('p') },
      extraArgs: ['--kube-subnet-mgr'],
    }));
    expect(error.problems.map(p => p.property)).toEqual(['namespace', 'extraEnv[NODE_NAME]', 'extraEnv[POD_NAME]', 'extraArgs[0]']);
  });

  test.each(AGENTS.map(a => [a.name, a] as const))('%s takes extraEnv and extraArgs it does not manage, after its own', (_name, agent) => {
    const chart = newChart();
    const built = agent.build(chart, { extraEnv: { X_EXTRA: EnvValue.fromValue('1') }, extraArgs: ['--x-extra=1'] });
    const main = podSpec(synth(chart)).containers.find((c: any) => c.name === built.container.name);
    expect(main.env[main.env.length - 1]).toEqual({ name: 'X_EXTRA', value: '1' });
    expect(main.args[main.args.length - 1]).toBe('--x-extra=1');
  });

  test('an env var the agent does not set under these props is still its own when a prop controls it', () => {
    // podAttribution: false leaves DCGM_EXPORTER_KUBERNETES unset; turning it on by env would
    // attribute pods without the socket mount.
    expect(() => new GpuMonitorDaemonSet(newChart(), 'gpu', { podAttribution: false, extraEnv: { DCGM_EXPORTER_KUBERNETES: EnvValue.fromValue('true') } }))
      .toThrow(/use podAttribution instead/);
    // listenOnAllInterfaces: true frees HOST_IP: node-exporter no longer reads it.
    const chart = newChart();
    new NodeExporterDaemonSet(chart, 'ne', { listenOnAllInterfaces: true, extraEnv: { HOST_IP: EnvValue.fromValue('10.0.0.1') } });
    expect(podSpec(synth(chart)).containers[0].env).toEqual([{ name: 'HOST_IP', value: '10.0.0.1' }]);
  });

  test('a custom CNI agent\'s own flags are its own', () => {
    const implementation = CniImplementation.custom({
      name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel(), args: ['--mode=vxlan'],
    });
    expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation, instance: 'example', extraArgs: ['--mode=host-gw'] }))
      .toThrow('test/cni: invalid extraArgs[0]: "--mode=host-gw". The agent manages --mode (the implementation\'s args set it): use the args of CniImplementation.custom() instead.');
  });
});
