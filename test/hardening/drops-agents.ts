/**
 * No-silent-drops tables for the four agents: each agent's own props and, in every agent's
 * table, each option all agents share (each agent passes them on itself, so each can drop one).
 * Props that exclude each other (privileged and capabilities, service and its mode) are set in
 * a second installation of the agent, synthesized with the first.
 */
import { Duration, Size } from 'cdk8s';
import { Capability, Cpu, EnvValue, MountPropagation, Secret } from 'cdk8s-plus-28';
import { DropTable, Expectation } from './drops';
import {
  AgentOptions, CniAgentDaemonSet, CniConfig, CniImplementation, CniPrivileges, DcgmCounter, DcgmCounters, DcgmExporterVariant, DcgmExporterVersion,
  FlannelBackend, FlannelCniPluginVersion, FlannelVersion, FluentBitLogLevel, FluentBitVersion, GpuMonitorDaemonSet, LogCollectorDaemonSet,
  LogBuffering, LogFilter, LogInput, LogOutput, LogParser, MultilineParser, NodeExporterCollector, NodeExporterDaemonSet, NodeExporterVersion,
  NodeSelection, RelabelAction, ServiceMode, SyncWave, TaintEffect, Toleration, UpdateLimit, UpdateStrategy, KubeRbacProxyVersion,
  VpaControlledValues, VpaUpdateMode, Privilege,
} from '../../src';
import { Manifest, newChart, synth } from '../support/manifests';

/** Every shared option set, for the agent `id` (its instance is "drop-<id>", its namespace "drop-ns-<id>"). */
export function shared(id: string, extraArgs = ['--drop-arg']): AgentOptions {
  return {
    namespace: `drop-ns-${id}`,
    instance: `drop-${id}`,
    partOf: 'drop-part-of',
    nodeSelection: NodeSelection.labels({ 'drop.example.com/pool': id }),
    tolerations: [Toleration.exists('drop.example.com/taint', TaintEffect.PREFER_NO_SCHEDULE)],
    updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(3) }),
    minReady: Duration.seconds(13),
    revisionHistoryLimit: 6,
    priorityClassName: 'drop-priority',
    resources: { cpu: { request: Cpu.millis(77), limit: Cpu.millis(177) }, memory: { request: Size.mebibytes(77), limit: Size.mebibytes(277) } },
    extraEnv: { DROP_ENV: EnvValue.fromValue('drop-value') },
    extraArgs,
    syncWave: SyncWave.of(7),
    createNamespace: false,
    imageRegistry: `drop-mirror.example.com/${id}`,
    imagePullSecrets: [`drop-pull-${id}`],
    allowUnpinnedImages: true,
    verticalPodAutoscaler: { updateMode: VpaUpdateMode.INITIAL },
    alerts: { labels: { 'drop.example.com/rules': id } },
  };
}

/**
 * A sidecar with a moving tag, added through the agent's public DaemonSet: allowUnpinnedImages
 * must reach it (the agents' own images are pinned by their version classes).
 */
export function addUnpinnedSidecar(agent: { daemonSet: { addContainer(props: any): unknown } }): void {
  agent.daemonSet.addContainer({
    name: 'drop-unpinned',
    image: 'busybox',
    resources: { cpu: { request: Cpu.millis(1) }, memory: { request: Size.mebibytes(1), limit: Size.mebibytes(8) } },
    securityContext: { ensureNonRoot: true, user: 65534, readOnlyRootFilesystem: true },
  });
}

/**
 * Where each shared option must appear, for the agent `id` whose main container is `container`;
 * `images` are the paths of its images below the mirror, by container ("initContainers[name=x]").
 */
export function sharedRows(id: string, container: string, images: Record<string, string>, arg = '--drop-arg'): Record<keyof AgentOptions, Expectation | Expectation[]> {
  const ds = `DaemonSet/drop-${id}`;
  const pod = `${ds} spec.template.spec`;
  const main = `${pod}.containers[name=${container}]`;
  return {
    namespace: { at: `${ds} metadata.namespace`, is: `drop-ns-${id}` },
    instance: [{ at: `${ds} metadata.name`, is: `drop-${id}` }, { at: `${ds} spec.selector.matchLabels["app.kubernetes.io/instance"]`, is: `drop-${id}` }],
    partOf: { at: `${ds} metadata.labels["app.kubernetes.io/part-of"]`, is: 'drop-part-of' },
    nodeSelection: { at: `${pod}.nodeSelector`, is: { 'drop.example.com/pool': id } },
    tolerations: { at: `${pod}.tolerations`, is: [{ key: 'drop.example.com/taint', operator: 'Exists', effect: 'PreferNoSchedule' }] },
    updateStrategy: { at: `${ds} spec.updateStrategy`, is: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3, maxSurge: 0 } } },
    minReady: { at: `${ds} spec.minReadySeconds`, is: 13 },
    revisionHistoryLimit: { at: `${ds} spec.revisionHistoryLimit`, is: 6 },
    priorityClassName: { at: `${pod}.priorityClassName`, is: 'drop-priority' },
    resources: { at: `${main}.resources`, is: { requests: { cpu: '77m', memory: '77Mi' }, limits: { cpu: '177m', memory: '277Mi' } } },
    extraEnv: { at: `${main}.env`, has: { name: 'DROP_ENV', value: 'drop-value' } },
    extraArgs: { at: `${main}.args`, has: arg },
    syncWave: { at: `${ds} metadata.annotations["argocd.argoproj.io/sync-wave"]`, is: '7' },
    createNamespace: { at: `Namespace/drop-ns-${id}`, is: undefined },
    imageRegistry: Object.entries(images).map(([c, path]) => ({ at: `${pod}.${c}.image`, is: `drop-mirror.example.com/${id}/${path}` })),
    imagePullSecrets: { at: `${pod}.imagePullSecrets`, is: [{ name: `drop-pull-${id}` }] },
    allowUnpinnedImages: { at: `${pod}.containers[name=drop-unpinned].image`, is: `drop-mirror.example.com/${id}/library/busybox` },
    verticalPodAutoscaler: { at: `VerticalPodAutoscaler/drop-${id} spec.updatePolicy.updateMode`, is: 'Initial' },
    alerts: { at: `PrometheusRule/drop-${id} metadata.labels["drop.example.com/rules"]`, is: id },
  };
}

/** Synthesizes, once, what `build` adds to a fresh chart. */
export function once(build: (chart: any) => void): () => Manifest[] {
  let objs: Manifest[] | undefined;
  return () => {
    if (!objs) {
      const chart = newChart('drops');
      build(chart);
      objs = synth(chart);
    }
    return objs;
  };
}

const NE_POD = 'DaemonSet/drop-ne spec.template.spec';
const NE = `${NE_POD}.containers[name=node-exporter]`;
export const nodeExporterObjects = once(chart => {
  addUnpinnedSidecar(new NodeExporterDaemonSet(chart, 'ne', {
    ...shared('ne', ['--drop.flag=1']),
    version: NodeExporterVersion.of('1.13.0'),
    port: 9777,
    listenOnAllInterfaces: true,
    enableCollectors: [NodeExporterCollector.SYSTEMD],
    disableCollectors: [NodeExporterCollector.ZFS],
    textfileDirectory: '/drop/textfile',
    filesystemMountPointsExclude: '^/drop$',
    networkDevicesExclude: '^drop.*$',
    mountHostRoot: false,
    scrapeAnnotations: false,
    serviceMonitor: true,
    serviceMonitorOptions: {
      interval: Duration.seconds(21),
      scrapeTimeout: Duration.seconds(9),
      labels: { release: 'drop' },
      honorLabels: true,
      instanceFromNodeName: false,
      metricRelabelings: [{
        action: RelabelAction.HASH_MOD, sourceLabels: ['drop_src'], separator: '|', regex: 'drop(.*)', targetLabel: 'drop_shard', replacement: '$1', modulus: 7,
      }],
    },
  }));
  // The root mount only exists with mountHostRoot, so its propagation is set on a second installation.
  new NodeExporterDaemonSet(chart, 'ne-root', {
    namespace: 'drop-ns-ne', instance: 'drop-ne-root', port: 9778, hostRootPropagation: MountPropagation.NONE, createNamespace: false, podMonitor: true,
  });
  // The proxy changes the port, the Service and the monitor, so it is a third installation.
  const secret = (name: string) => ({ secret: Secret.fromSecretName(chart, `Secret-${name}`, name), key: `${name}.pem` });
  new NodeExporterDaemonSet(chart, 'ne-proxy', {
    namespace: 'drop-ns-ne',
    instance: 'drop-ne-proxy',
    port: 9779,
    createNamespace: false,
    textfileDirectories: ['/drop/a', '/drop/b'],
    kubeRbacProxy: true,
    kubeRbacProxyOptions: {
      version: KubeRbacProxyVersion.of('0.23.4'),
      upstreamPort: 9880,
      tlsSecretName: 'drop-tls',
      resources: { cpu: { request: Cpu.millis(12) }, memory: { request: Size.mebibytes(21), limit: Size.mebibytes(41) } },
    },
    serviceMonitorOptions: {
      relabelings: [{ sourceLabels: ['__meta_drop'], targetLabel: 'drop_label' }],
      tlsConfig: { caSecret: secret('drop-ca'), certSecret: secret('drop-cert'), keySecret: secret('drop-key'), serverName: 'drop.example.com', insecureSkipVerify: false },
    },
    verticalPodAutoscaler: {
      updateMode: VpaUpdateMode.RECREATE,
      minAllowed: { cpu: Cpu.millis(11), memory: Size.mebibytes(11) },
      maxAllowed: { cpu: Cpu.millis(111), memory: Size.mebibytes(111) },
      controlledValues: VpaControlledValues.REQUESTS_ONLY,
    },
  });
});

const LOGS = 'DaemonSet/drop-logs spec.template.spec.containers[name=fluent-bit]';
const LOGS_CONFIG = 'ConfigMap/drop-logs data["fluent-bit.yaml"](yaml)';
const TAIL = `${LOGS_CONFIG}.pipeline.inputs[name=tail]`;
export const logCollectorObjects = once(chart => {
  addUnpinnedSidecar(new LogCollectorDaemonSet(chart, 'logs', {
    ...shared('logs'),
    outputs: [LogOutput.loki({ url: 'http://drop-loki.example.com' })],
    version: FluentBitVersion.of('5.2.3'),
    memBufLimit: Size.mebibytes(7),
    refreshInterval: Duration.seconds(23),
    readFromHead: true,
    bufferMaxSize: Size.kibibytes(77),
    skipLongLines: false,
    flushInterval: Duration.seconds(3),
    flushGrace: Duration.seconds(13),
    buffering: LogBuffering.filesystem(),
    parsers: [LogParser.logfmt('drop-parser')],
    multiline: [MultilineParser.GO],
    inputs: [LogInput.systemd({ units: ['drop-input.service'], tag: 'drop-input.*' })],
    dockerLogDirectory: '/drop/docker',
    stateDirectory: '/drop/state',
    systemdUnits: ['drop.service'],
    excludeNamespaces: ['drop-excluded'],
    namespaceLabels: false,
    podAnnotations: true,
    filters: [LogFilter.custom('grep', { match: 'drop.*', properties: { exclude: 'log drop' } })],
    logLevel: FluentBitLogLevel.DEBUG,
    metricsPort: 2777,
    serviceMode: ServiceMode.NODE_LOCAL,
    serviceMonitor: true,
    serviceMonitorOptions: { interval: Duration.seconds(44) },
  }));
  new LogCollectorDaemonSet(chart, 'logs-quiet', {
    namespace: 'drop-ns-logs', instance: 'drop-logs-quiet', outputs: [LogOutput.stdout()], service: false, createNamespace: false,
  });
});

const CNI_POD = 'DaemonSet/drop-cni spec.template.spec';
export const cniObjects = once(chart => {
  addUnpinnedSidecar(new CniAgentDaemonSet(chart, 'cni', {
    ...shared('cni'),
    implementation: CniImplementation.flannel({
      version: FlannelVersion.of('0.29.1'),
      cniPluginVersion: FlannelCniPluginVersion.of('1.10.0-flannel1'),
      podCidr: '10.77.0.0/16',
      backend: FlannelBackend.HOST_GW,
      ipMasq: false,
      cniConfig: CniConfig.fromObject({ name: 'drop-net', cniVersion: '1.0.0', plugins: [{ type: 'flannel' }, { type: 'drop-plugin' }] }),
      healthPort: 8777,
    }),
    privileged: true,
    terminationGracePeriod: Duration.seconds(9),
  }));
  // The agent's capabilities replace the CNI's (NET_RAW dropped, SYS_MODULE added, justified by the user).
  const caps = new CniAgentDaemonSet(chart, 'cni-caps', {
    namespace: 'drop-ns-cni',
    instance: 'drop-cni-caps',
    createNamespace: false,
    capabilities: [Capability.NET_ADMIN, Capability.SYS_MODULE],
    implementation: CniImplementation.custom({
      name: 'drop-cni',
      image: 'registry.example.com/drop-cni:v3.2.1',
      version: '3.2.1',
      cniConfig: CniConfig.fromObject({ name: 'drop-custom-net', cniVersion: '0.4.0', plugins: [{ type: 'drop-cni' }] }),
      privileges: CniPrivileges.capabilities([
        { capability: Capability.NET_ADMIN, justification: 'Drop: programs routes.' },
        { capability: Capability.NET_RAW, justification: 'Drop: raw sockets.' },
      ]),
    }),
  });
  caps.daemonSet.justify(Privilege.capability('SYS_MODULE'), 'Drop: loads modules.');
});

const GPU = 'DaemonSet/drop-gpu spec.template.spec.containers[name=exporter]';
const GPU_CSV = 'ConfigMap/drop-gpu-counters data["counters.csv"]';
export const gpuObjects = once(chart => {
  addUnpinnedSidecar(new GpuMonitorDaemonSet(chart, 'gpu', {
    ...shared('gpu'),
    version: DcgmExporterVersion.of('4.6.0', '4.9.1', DcgmExporterVariant.UBI9),
    counters: [DcgmCounter.of({ field: 'DCGM_FI_DEV_GPU_TEMP', type: DcgmCounters.standard()[0].type, help: 'Drop temperature.' }), DcgmCounters.profiling()[1]],
    extraCounters: [DcgmCounter.counter('DCGM_FI_DEV_DROP', 'Drop extra.')],
    profilingMetrics: true,
    kubeletPodResourcesPath: '/drop/pod-resources',
    podLabels: true,
    runtimeClassName: 'drop-nvidia',
    readOnlyRootFilesystem: true,
    serviceMonitor: true,
    serviceMonitorOptions: { honorLabels: false },
  }));
  new GpuMonitorDaemonSet(chart, 'gpu-plain', { namespace: 'drop-ns-gpu', instance: 'drop-gpu-plain', podAttribution: false, createNamespace: false, podMonitor: true });
});

export const agentTables: DropTable[] = [
  {
    struct: 'NodeExporterDaemonSetProps',
    synth: nodeExporterObjects,
    rows: {
      ...sharedRows('ne', 'node-exporter', { 'containers[name=node-exporter]': 'prometheus/node-exporter:v1.13.0' }, '--drop.flag=1'),
      version: { at: 'DaemonSet/drop-ne metadata.labels["app.kubernetes.io/version"]', is: '1.13.0' },
      port: [{ at: `${NE}.ports[0]`, is: { containerPort: 9777, hostPort: 9777, name: 'metrics' } }, { at: 'Service/drop-ne spec.ports[0].port', is: 9777 }],
      listenOnAllInterfaces: { at: `${NE}.args`, has: '--web.listen-address=:9777' },
      enableCollectors: { at: `${NE}.args`, has: '--collector.systemd' },
      disableCollectors: { at: `${NE}.args`, has: '--no-collector.zfs' },
      textfileDirectory: { at: `${NE_POD}.volumes[name=textfile].hostPath.path`, is: '/drop/textfile' },
      filesystemMountPointsExclude: { at: `${NE}.args`, has: '--collector.filesystem.mount-points-exclude=^/drop$' },
      networkDevicesExclude: { at: `${NE}.args`, has: '--collector.netdev.device-exclude=^drop.*$' },
      mountHostRoot: { at: `${NE_POD}.volumes[name=root]`, is: undefined },
      hostRootPropagation: { at: 'DaemonSet/drop-ne-root spec.template.spec.containers[name=node-exporter].volumeMounts[name=root].mountPropagation', is: 'None' },
      scrapeAnnotations: { at: 'Service/drop-ne metadata.annotations["prometheus.io/scrape"]', is: undefined },
      serviceMonitor: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].port', is: 'metrics' },
      serviceMonitorOptions: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].interval', is: '21s' },
      textfileDirectories: { at: 'DaemonSet/drop-ne-proxy spec.template.spec.volumes[name=textfile-1].hostPath.path', is: '/drop/b' },
      podMonitor: { at: 'PodMonitor/drop-ne-root spec.podMetricsEndpoints[0].port', is: 'metrics' },
      kubeRbacProxy: { at: 'DaemonSet/drop-ne-proxy spec.template.spec.containers[name=kube-rbac-proxy].ports[0]', is: { containerPort: 9779, hostPort: 9779, name: 'https' } },
      kubeRbacProxyOptions: { at: 'DaemonSet/drop-ne-proxy spec.template.spec.containers[name=kube-rbac-proxy].args', has: '--upstream=http://127.0.0.1:9880/' },
    },
  },
  {
    struct: 'LogCollectorDaemonSetProps',
    synth: logCollectorObjects,
    rows: {
      ...sharedRows('logs', 'fluent-bit', { 'containers[name=fluent-bit]': 'fluent/fluent-bit:5.2.3' }),
      outputs: { at: `${LOGS_CONFIG}.pipeline.outputs[0].host`, is: 'drop-loki.example.com' },
      version: { at: 'DaemonSet/drop-logs metadata.labels["app.kubernetes.io/version"]', is: '5.2.3' },
      memBufLimit: { at: `${TAIL}.mem_buf_limit`, is: 7 * 1024 * 1024 },
      refreshInterval: { at: `${TAIL}.refresh_interval`, is: 23 },
      readFromHead: { at: `${TAIL}.read_from_head`, is: 'on' },
      bufferMaxSize: { at: `${TAIL}.buffer_max_size`, is: 77 * 1024 },
      skipLongLines: { at: `${TAIL}.skip_long_lines`, is: 'off' },
      flushInterval: { at: `${LOGS_CONFIG}.service.flush`, is: 3 },
      flushGrace: [{ at: `${LOGS_CONFIG}.service.grace`, is: 13 }, { at: 'DaemonSet/drop-logs spec.template.spec.terminationGracePeriodSeconds', is: 23 }],
      buffering: { at: `${LOGS_CONFIG}.service["storage.path"]`, is: '/var/lib/fluent-bit/buffer' },
      parsers: { at: 'ConfigMap/drop-logs data["parsers.yaml"](yaml).parsers[0]', is: { name: 'drop-parser', format: 'logfmt' } },
      multiline: { at: `${TAIL}.processors.logs[0]["multiline.parser"]`, is: 'go' },
      inputs: { at: `${LOGS_CONFIG}.pipeline.inputs[2].tag`, is: 'drop-input.*' },
      dockerLogDirectory: { at: 'DaemonSet/drop-logs spec.template.spec.volumes[name=dockercontainers].hostPath.path', is: '/drop/docker' },
      stateDirectory: { at: 'DaemonSet/drop-logs spec.template.spec.volumes[name=state].hostPath.path', is: '/drop/state' },
      systemdUnits: { at: `${LOGS_CONFIG}.pipeline.inputs[name=systemd].systemd_filter`, is: ['_SYSTEMD_UNIT=drop.service'] },
      excludeNamespaces: { at: `${TAIL}.exclude_path`, is: '/var/log/containers/*_drop-excluded_*.log' },
      namespaceLabels: { at: 'ClusterRole/drop-ns-logs-drop-logs rules[0].resources', is: ['pods'] },
      podAnnotations: { at: `${LOGS_CONFIG}.pipeline.filters[name=kubernetes].annotations`, is: 'on' },
      filters: { at: `${LOGS_CONFIG}.pipeline.filters[name=grep].exclude`, is: 'log drop' },
      logLevel: { at: `${LOGS_CONFIG}.service.log_level`, is: 'debug' },
      metricsPort: [{ at: `${LOGS}.ports[0].containerPort`, is: 2777 }, { at: `${LOGS_CONFIG}.service.http_port`, is: 2777 }],
      service: { at: 'Service/drop-logs-quiet', is: undefined },
      serviceMode: { at: 'Service/drop-logs spec.internalTrafficPolicy', is: 'Local' },
      serviceMonitor: { at: 'ServiceMonitor/drop-logs spec.endpoints[0].port', is: 'http' },
      serviceMonitorOptions: { at: 'ServiceMonitor/drop-logs spec.endpoints[0].interval', is: '44s' },
    },
  },
  {
    struct: 'CniAgentDaemonSetProps',
    synth: cniObjects,
    rows: {
      ...sharedRows('cni', 'flannel', {
        'containers[name=flannel]': 'flannel-io/flannel:v0.29.1',
        'initContainers[name=install-cni]': 'flannel-io/flannel:v0.29.1',
        'initContainers[name=install-cni-plugin]': 'flannel-io/flannel-cni-plugin:v1.10.0-flannel1',
      }),
      implementation: { at: `${CNI_POD}.containers[name=flannel].command`, is: ['/opt/bin/flanneld'] },
      privileged: { at: `${CNI_POD}.containers[name=flannel].securityContext.privileged`, is: true },
      capabilities: { at: 'DaemonSet/drop-cni-caps spec.template.spec.containers[name=drop-cni].securityContext.capabilities.add', is: ['NET_ADMIN', 'SYS_MODULE'] },
      terminationGracePeriod: { at: `${CNI_POD}.terminationGracePeriodSeconds`, is: 9 },
    },
  },
  {
    struct: 'GpuMonitorDaemonSetProps',
    synth: gpuObjects,
    rows: {
      ...sharedRows('gpu', 'exporter', { 'containers[name=exporter]': 'nvidia/k8s/dcgm-exporter:4.6.0-4.9.1-ubi9' }),
      version: [{ at: `${GPU}.image`, has: ':4.6.0-4.9.1-ubi9' }, { at: 'DaemonSet/drop-gpu metadata.labels["app.kubernetes.io/version"]', is: '4.9.1' }],
      counters: { at: GPU_CSV, has: 'DCGM_FI_DEV_GPU_TEMP, gauge, Drop temperature.' },
      extraCounters: { at: GPU_CSV, has: 'DCGM_FI_DEV_DROP, counter, Drop extra.' },
      profilingMetrics: { at: `${GPU}.securityContext.capabilities.add`, is: ['SYS_ADMIN'] },
      podAttribution: { at: 'DaemonSet/drop-gpu-plain spec.template.spec.volumes', is: [{ name: 'counters', configMap: { name: 'drop-gpu-plain-counters' } }] },
      kubeletPodResourcesPath: { at: 'DaemonSet/drop-gpu spec.template.spec.volumes[name=pod-resources].hostPath.path', is: '/drop/pod-resources' },
      podLabels: { at: `${GPU}.env`, has: { name: 'DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS', value: 'true' } },
      runtimeClassName: { at: 'DaemonSet/drop-gpu spec.template.spec.runtimeClassName', is: 'drop-nvidia' },
      readOnlyRootFilesystem: { at: `${GPU}.securityContext.readOnlyRootFilesystem`, is: true },
      serviceMonitor: { at: 'ServiceMonitor/drop-gpu spec.endpoints[0].port', is: 'metrics' },
      serviceMonitorOptions: { at: 'ServiceMonitor/drop-gpu spec.endpoints[0].honorLabels', is: false },
      podMonitor: { at: 'PodMonitor/drop-gpu-plain spec.podMetricsEndpoints[0].port', is: 'metrics' },
    },
  },
];
