import { ApiObject, Duration, Size } from 'cdk8s';
import { ApiResource, Capability, ConfigMap, Cpu, EnvValue, HostPathVolumeType, Probe, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { gpuMonitorAlerts } from './alerts';
import { DcgmCounter, DcgmCounters } from './counters';
import { counterProblems, renderCountersCsv } from './counters-csv';
import { DcgmExporterVersion } from './version';
import { AccessRule } from '../../base/access';
import { AgentService } from '../../base/discovery';
import { DownwardApi } from '../../base/downward-api';
import { Problem } from '../../base/errors';
import { NodeSelection } from '../../base/node-selection';
import { Privilege } from '../../base/privileges';
import { sha256 } from '../../base/sha256';
import { TaintEffect, Toleration, TolerationOperator } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { checkConstruction, instanceOf, isBoolean, isString, listOf, optional, Schema } from '../../validation/guards';
import { AgentBase, AgentDefaults, ManagedSetting } from '../agent-base';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';
import {
  addPodMonitor, addServiceMonitor, isServiceMonitorOptions, ServiceMonitorOptions, serviceMonitorProblems, serviceMonitorRequested,
} from '../service-monitor';

/**
 * Properties of a GPU monitor.
 *
 * The shared options default, for this agent, to: `namespace` "gpu-monitoring"; `instance`
 * "dcgm-exporter"; `nodeSelection` Linux GPU nodes (`NodeSelection.gpuNodes()`); `tolerations`
 * the nvidia.com/gpu, CriticalAddonsOnly and control-plane taints; `updateStrategy` a rolling
 * update of one node at a time; `resources` requests cpu 100m and memory 128Mi, a memory limit of
 * 512Mi and no CPU limit; `syncWave` SyncWave.OBSERVABILITY (AGENT_DEFAULTS says why each).
 */
export interface GpuMonitorDaemonSetProps extends AgentOptions {
  /**
   * The dcgm-exporter image.
   * @default DcgmExporterVersion.V4_8_2 (4.5.3-4.8.2-distroless, as chart 4.8.2)
   */
  readonly version?: DcgmExporterVersion;
  /**
   * The counters exported; replaces the default set (as the chart's `customMetrics` does).
   * @default - DcgmCounters.standard(), plus DcgmCounters.profiling() when `profilingMetrics` is true
   */
  readonly counters?: DcgmCounter[];
  /**
   * Counters added to `counters` (or to the default set).
   * @default - none
   */
  readonly extraCounters?: DcgmCounter[];
  /**
   * Export profiling (DCP, `DCGM_FI_PROF_*`) metrics such as tensor-core and DRAM activity. DCGM
   * needs CAP_SYS_ADMIN for them, so this adds SYS_ADMIN to the container; profiling counters
   * are refused without it. Off by default: the chart adds SYS_ADMIN for five profiling counters,
   * but SYS_ADMIN fails the Pod Security Standards' baseline level and is a broad privilege
   * (NVIDIA/dcgm-exporter#165), while the standard counters need none.
   * @default false
   */
  readonly profilingMetrics?: boolean;
  /**
   * Label each GPU's metrics with the pod, namespace and container using it, by reading the
   * kubelet's pod-resources socket (a read-only host mount). The kubelet makes that socket
   * root-only, so the exporter runs as root (every capability dropped) while this is on; with it
   * (and `profilingMetrics`) off, it runs as dcgm-exporter's non-root user 1000.
   * @default true
   */
  readonly podAttribution?: boolean;
  /**
   * The node directory holding the kubelet's pod-resources socket: `<kubelet --root-dir>/pod-resources`,
   * which some distributions move (k0s: "/var/lib/k0s/kubelet/pod-resources", MicroK8s:
   * "/var/snap/microk8s/common/var/lib/kubelet/pod-resources"). The pod starts on nodes where it
   * is missing (an empty directory is created): their GPUs' metrics come without pod labels and
   * the exporter logs "No Kubelet socket", rather than the whole exporter staying off the node.
   * @default "/var/lib/kubelet/pod-resources"
   */
  readonly kubeletPodResourcesPath?: string;
  /**
   * Copy the Kubernetes labels of the pod using each GPU onto its metrics. The exporter then
   * reads pods from the API: this grants get/list/watch on pods and mounts a token.
   * @default false
   */
  readonly podLabels?: boolean;
  /**
   * The RuntimeClass, e.g. "nvidia" where the NVIDIA container runtime is not the node's default
   * (without it the exporter sees no GPU).
   * @default - the node's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * Make the container's root filesystem read-only, with size-limited emptyDirs for what the
   * exporter writes: /tmp, and /var/log where DCGM's embedded host engine writes
   * nv-hostengine.log (NVIDIA/dcgm-exporter#334). Off by default like the chart, which leaves it
   * commented out ("enable if tmpfs volumes configured"): NVIDIA does not document every path
   * DCGM writes, and a wrong guess would crash-loop the exporter on every GPU node.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Emit a prometheus-operator ServiceMonitor (needs its CRD in the cluster).
   * @default false (true when `serviceMonitorOptions` is given)
   */
  readonly serviceMonitor?: boolean;
  /**
   * ServiceMonitor (or PodMonitor) settings.
   * @default - interval 15s, scrapeTimeout 10s, honorLabels true
   */
  readonly serviceMonitorOptions?: ServiceMonitorOptions;
  /**
   * Emit a prometheus-operator PodMonitor instead of the ServiceMonitor: Prometheus discovers the
   * exporter pods themselves. `serviceMonitorOptions` apply to it.
   * @default false
   */
  readonly podMonitor?: boolean;
}

const isCounterList = listOf(instanceOf(DcgmCounter, 'DcgmCounter.gauge("DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).")'));

/** The runtime shape of GpuMonitorDaemonSetProps, checked before anything reads them. */
export const GPU_MONITOR_PROPS_SCHEMA: Schema<GpuMonitorDaemonSetProps> = {
  ...AGENT_OPTIONS_SCHEMA,
  version: optional(instanceOf(DcgmExporterVersion, 'DcgmExporterVersion.V4_8_2')),
  counters: optional(isCounterList),
  extraCounters: optional(isCounterList),
  profilingMetrics: optional(isBoolean),
  podAttribution: optional(isBoolean),
  kubeletPodResourcesPath: optional(isString),
  podLabels: optional(isBoolean),
  runtimeClassName: optional(isString),
  readOnlyRootFilesystem: optional(isBoolean),
  serviceMonitor: optional(isBoolean),
  serviceMonitorOptions: optional(isServiceMonitorOptions),
  podMonitor: optional(isBoolean),
};

/** The recommended labels' name, and the default instance name. */
const NAME = 'dcgm-exporter';
const CONTAINER = 'exporter';
const METRICS_PORT = 9400;
const METRICS_PORT_NAME = 'metrics';
// dcgm-exporter dials kubelet.sock here, whatever the node path is.
const POD_RESOURCES_MOUNT = '/var/lib/kubelet/pod-resources';
const COUNTERS_DIR = '/etc/dcgm-exporter/counters';
const COUNTERS_KEY = 'counters.csv';

/** The shared options' defaults for the GPU monitor; the props document them. */
export const AGENT_DEFAULTS: AgentDefaults = {
  // Its own namespace (the chart installs into the release namespace): the pod needs a hostPath,
  // which the baseline Pod Security level forbids, so its namespace must be labelled
  // privileged; keeping it apart keeps that exemption narrow.
  namespace: 'gpu-monitoring',
  // Linux only (NVIDIA ships Linux images), and only GPU nodes: without a selection the
  // exporter CrashLoops on every CPU node (NVIDIA/dcgm-exporter#131). The chart selects nothing.
  nodeSelection: NodeSelection.linux().and(NodeSelection.gpuNodes()),
  // The chart tolerates only the control-plane taint, so tainted GPU pools get no exporter
  // (NVIDIA/dcgm-exporter#731). Ours: the device plugin's tolerations (nvidia.com/gpu,
  // CriticalAddonsOnly) plus the chart's control-plane one. The node selection already limits
  // the agent to GPU nodes, so each only adds GPU nodes that would otherwise go unmonitored.
  // AKS's GPU pools are tainted sku=gpu:NoSchedule in every example of its GPU guide
  // (learn.microsoft.com/azure/aks/gpu-cluster, "az aks nodepool add ... --node-taints sku=gpu:NoSchedule").
  tolerations: [
    Toleration.nvidiaGpu(), Toleration.of({ key: 'sku', operator: TolerationOperator.EQUAL, value: 'gpu', effect: TaintEffect.NO_SCHEDULE }),
    Toleration.criticalAddonsOnly(), Toleration.controlPlane(),
  ],
  // As the chart: one node at a time (the monitor is not urgent enough to go faster by default).
  updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(1) }),
  // Requests and memory limit as the chart. No CPU limit (the chart has 200m): CFS throttling
  // can stall the exporter mid-collection so /health misses its timeout and the pod restarts
  // (the probe-timeout pain); the request already reserves its share of the node.
  resources: {
    cpu: { request: Cpu.millis(100) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
  },
  syncWave: SyncWave.OBSERVABILITY,
};

/** The defaults of the GPU monitor's own props; the props document them with `@default`. */
const DEFAULTS = {
  component: 'gpu-monitor',
  version: DcgmExporterVersion.V4_8_2,
  kubeletPodResourcesPath: '/var/lib/kubelet/pod-resources',
  // The chart's 45 s initial delay (DCGM needs it to start, NVIDIA/dcgm-exporter#23), with a 5 s
  // timeout instead of the 1 s default that /health misses under load.
  probeInitialDelay: Duration.seconds(45),
  probePeriod: Duration.seconds(10),
  probeTimeout: Duration.seconds(5),
  // A liveness failure restarts DCGM, which takes 45 s to come back; allow a minute of failures.
  livenessFailureThreshold: 6,
  // The user NVIDIA's chart documents for running without profiling metrics ("runAsNonRoot: true,
  // runAsUser: 1000, and remove SYS_ADMIN", deployment/values.yaml at 4.5.3-4.8.2), which the
  // ubuntu22.04 and ubi9 images create as dcgm-exporter:1000. The distroless image has no passwd
  // entry for it; a numeric uid needs none.
  nonRootUser: 1000,
  readinessFailureThreshold: 3,
  // The chart's interval; honorLabels keeps the pod/namespace/container labels dcgm-exporter puts
  // on each GPU's series (the workload using it) instead of renaming them to exported_*.
  serviceMonitor: { interval: Duration.seconds(15), honorLabels: true },
};

// What the agent sets itself; overriding it through extraEnv/extraArgs would break the probes,
// the Service or the counters, so the typed property is the way to change it.
const FIXED_PORT = 'the metrics port is fixed at 9400: the probes and the Service use it';
const COUNTERS: ManagedSetting = { reason: 'the exported counters are the ConfigMap written from counters', prop: 'counters and extraCounters' };
const MANAGED_ENV: Record<string, ManagedSetting> = {
  DCGM_EXPORTER_LISTEN: { reason: FIXED_PORT },
  DCGM_EXPORTER_KUBERNETES: { reason: 'pod attribution needs the pod-resources mount', prop: 'podAttribution' },
  DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS: { reason: 'pod labels need the RBAC that podLabels grants', prop: 'podLabels' },
  DCGM_EXPORTER_COLLECTORS: COUNTERS,
  NODE_NAME: { reason: 'the downward API gives each pod its own node\'s name, which labels its GPUs\' series' },
};
const MANAGED_FLAGS: Record<string, ManagedSetting> = {
  '-f': COUNTERS,
  '--collectors': COUNTERS,
  '-a': { reason: FIXED_PORT },
  '--address': { reason: FIXED_PORT },
};

/**
 * NVIDIA's DCGM exporter on every GPU node: GPU health, utilization, memory, power and errors as
 * Prometheus metrics, labelled with the pod using each GPU.
 *
 * Emits a DaemonSet, its ServiceAccount, a ConfigMap with the counters CSV, a headless Service
 * with scrape annotations, optionally a ServiceMonitor, and a ClusterRole only for `podLabels`.
 *
 * @example
 * new GpuMonitorDaemonSet(chart, 'gpu', { runtimeClassName: 'nvidia', serviceMonitor: true });
 */
export class GpuMonitorDaemonSet extends AgentBase {
  /** The ConfigMap holding the counters CSV. */
  public readonly configMap: ConfigMap;
  /** The headless metrics Service. */
  public readonly service: AgentService;
  /** The ServiceMonitor, when asked for. */
  public readonly serviceMonitor?: ApiObject;
  /** The PodMonitor, when asked for. */
  public readonly podMonitor?: ApiObject;
  /** The image. */
  public readonly version: DcgmExporterVersion;
  /** The counters exported. */
  public readonly counters: DcgmCounter[];

  public constructor(scope: Construct, id: string, props: GpuMonitorDaemonSetProps = {}) {
    checkConstruction(scope, id, props, GPU_MONITOR_PROPS_SCHEMA, 'GpuMonitorDaemonSet');
    const version = props.version ?? DEFAULTS.version;
    super(scope, id, props, { name: NAME, component: DEFAULTS.component, version: version.version }, AGENT_DEFAULTS);
    this.version = version;
    const profiling = props.profilingMetrics ?? false;
    const attribution = props.podAttribution ?? true;
    const podLabels = props.podLabels ?? false;
    const readOnlyRoot = props.readOnlyRootFilesystem ?? false;
    const asRoot = profiling || attribution;
    const base = props.counters ?? [...DcgmCounters.standard(), ...(profiling ? DcgmCounters.profiling() : [])];
    const placed = [
      ...base.map((counter, i) => ({ counter, property: `${props.counters ? 'counters' : 'default counters'}[${i}]` })),
      ...(props.extraCounters ?? []).map((counter, i) => ({ counter, property: `extraCounters[${i}]` })),
    ];
    this.counters = placed.map(p => p.counter);

    this._deploy({
      problems: [
        ...counterProblems(placed, profiling),
        ...serviceMonitorProblems(props.serviceMonitor, props.serviceMonitorOptions, DEFAULTS.serviceMonitor),
        ...conflictProblems(props, attribution),
      ],
      // The metrics Service is named after the instance.
      instanceNamesService: true,
      alerts: {
        monitored: serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions) || props.podMonitor === true,
        rules: gpuMonitorAlerts(this.counters),
      },
      daemonSet: {
        runtimeClassName: props.runtimeClassName,
        access: podLabels ? [AccessRule.read(ApiResource.PODS)] : [],
      },
      container: {
        name: CONTAINER,
        image: this.version.image,
        args: ['-f', `${COUNTERS_DIR}/${COUNTERS_KEY}`],
        ports: [{ number: METRICS_PORT, name: METRICS_PORT_NAME }],
        envVariables: {
          DCGM_EXPORTER_LISTEN: EnvValue.fromValue(`:${METRICS_PORT}`),
          ...(attribution ? { DCGM_EXPORTER_KUBERNETES: EnvValue.fromValue('true') } : {}),
          ...(podLabels ? { DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS: EnvValue.fromValue('true') } : {}),
          // How the exporter knows its node (the chart sets it the same way).
          NODE_NAME: DownwardApi.nodeName(),
        },
        securityContext: {
          ensureNonRoot: !asRoot,
          user: asRoot ? 0 : DEFAULTS.nonRootUser,
          group: asRoot ? undefined : DEFAULTS.nonRootUser,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: readOnlyRoot,
          capabilities: { drop: [Capability.ALL], add: profiling ? [Capability.SYS_ADMIN] : undefined },
        },
        liveness: healthProbe(DEFAULTS.livenessFailureThreshold),
        readiness: healthProbe(DEFAULTS.readinessFailureThreshold),
      },
      env: MANAGED_ENV,
      flags: MANAGED_FLAGS,
    });

    const csv = renderCountersCsv(this.counters);
    this.configMap = new ConfigMap(this, 'Counters', {
      metadata: { name: `${this.instance}-counters`, namespace: this.namespace, labels: this.daemonSet.labels },
      data: { [COUNTERS_KEY]: csv },
    });
    // A changed counter set must restart the exporters, which read the file only at start.
    this.daemonSet.podMetadata.addAnnotation('checksum/config', sha256(JSON.stringify(this.configMap.data)));

    this.container.mount(COUNTERS_DIR, Volume.fromConfigMap(this, 'CountersVolume', this.configMap, { name: 'counters' }), { readOnly: true });
    if (readOnlyRoot) {
      this.container.mount('/tmp', Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(64) }));
      this.container.mount('/var/log', Volume.fromEmptyDir(this, 'LogVolume', 'var-log', { sizeLimit: Size.mebibytes(256) }));
    }

    // Every privilege, with the reason the privilege report shows.
    if (asRoot) this.daemonSet.justify(Privilege.runAsRoot(CONTAINER), rootReason(profiling, attribution));
    if (attribution) {
      this.daemonSet.mountHostPath(this.container, {
        name: 'pod-resources',
        hostPath: props.kubeletPodResourcesPath ?? DEFAULTS.kubeletPodResourcesPath,
        mountPath: POD_RESOURCES_MOUNT,
        // Not Directory: on a node whose kubelet root is elsewhere the pod would never start.
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: true,
        justification: 'Read-only: the kubelet pod-resources socket tells which pod holds each GPU, so metrics carry that pod\'s pod/namespace/container labels (NVIDIA/dcgm-exporter#477). Set podAttribution: false to drop it.',
      });
    }
    if (profiling) {
      this.daemonSet.justify(Privilege.capability(Capability.SYS_ADMIN),
        'DCGM reads profiling (DCGM_FI_PROF_*) metrics from the GPU performance counters, which requires CAP_SYS_ADMIN (NVIDIA/dcgm-exporter PR #427, #407). Added only because profilingMetrics is true.');
    }
    if (podLabels) {
      this.daemonSet.justify(Privilege.API_ACCESS,
        'Reads pods (get/list/watch) to copy the labels of the pod using each GPU onto its metrics (DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS). Only with podLabels: true.');
    }

    // Headless: each node's exporter is its own scrape target.
    this.service = this.daemonSet.exposeViaService({
      ports: [{ port: METRICS_PORT, targetPort: METRICS_PORT, name: METRICS_PORT_NAME }],
      scrape: { port: METRICS_PORT },
    });
    const target = { agent: this.daemonSet, port: METRICS_PORT_NAME, path: '/metrics', ...DEFAULTS.serviceMonitor };
    if (props.podMonitor) {
      this.podMonitor = addPodMonitor(target, props.serviceMonitorOptions);
    } else if (serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions)) {
      this.serviceMonitor = addServiceMonitor(target, props.serviceMonitorOptions);
    }
  }
}

function healthProbe(failureThreshold: number): Probe {
  return Probe.fromHttpGet('/health', {
    port: METRICS_PORT,
    initialDelaySeconds: DEFAULTS.probeInitialDelay,
    periodSeconds: DEFAULTS.probePeriod,
    timeoutSeconds: DEFAULTS.probeTimeout,
    failureThreshold,
  });
}

/** Why the exporter keeps uid 0, for the privilege report. */
function rootReason(profiling: boolean, attribution: boolean): string {
  const reasons = [
    ...(attribution ? ['the kubelet\'s pod-resources socket, which maps each GPU to its pod, is root-only: the kubelet creates its directory 0750 and the socket under its own umask (kubernetes pkg/kubelet/util/util_unix.go CreateListener), so another user cannot connect (podAttribution: false lifts this)'] : []),
    ...(profiling ? ['Linux grants the SYS_ADMIN that profiling metrics need only to uid 0 (Kubernetes adds no ambient capabilities; dcgm-exporter\'s Dockerfile: "Profiling metrics require: root + --cap-add SYS_ADMIN")'] : []),
  ];
  const capabilities = profiling ? 'Every capability but SYS_ADMIN is dropped' : 'Every capability is dropped, so uid 0 gives file access, not kernel privileges';
  return `Runs as root because ${reasons.join('; and ')}. ${capabilities}; without either need, the exporter runs as its non-root user 1000.`;
}

/** Combinations that contradict each other. */
function conflictProblems(props: GpuMonitorDaemonSetProps, attribution: boolean): Problem[] {
  const problems: Problem[] = [];
  if (!attribution && props.kubeletPodResourcesPath !== undefined) {
    problems.push({ property: 'kubeletPodResourcesPath', value: props.kubeletPodResourcesPath, expected: 'The path is only mounted for pod attribution, which podAttribution: false turns off: drop one of the two.' });
  }
  if (props.podMonitor && props.serviceMonitor) {
    problems.push({ property: 'podMonitor', value: true, expected: 'serviceMonitor is true too, and Prometheus would scrape every GPU node twice: keep one of them.' });
  }
  if (!attribution && props.podLabels) {
    problems.push({ property: 'podLabels', value: true, expected: 'Pod labels are looked up for the pods found through pod attribution: set podAttribution: true (the default) or drop podLabels.' });
  }
  return problems;
}
