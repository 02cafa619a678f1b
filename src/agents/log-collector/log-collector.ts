import { ApiObject, Duration, Size } from 'cdk8s';
import { ApiResource, Capability, ConfigMap, Cpu, EnvValue, Probe, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checksum, memBufLimitProblems, surgeProblems, unitProblems, wholeSecondsProblems } from './checks';
import { CONFIG_DIR, CONFIG_FILE, CONTAINER_LOG_DIR, renderFluentBitConfig, WORK_DIR } from './config';
import { LogFilter } from './filters';
import { mountLogDirectories } from './mounts';
import { LogOutput } from './outputs';
import { FluentBitVersion } from './version';
import { AccessRule } from '../../base/access';
import { AgentService, ScrapeScheme, ServiceMode } from '../../base/discovery';
import { dnsLabelProblems, portNumberProblems } from '../../base/names';
import { NodeSelection } from '../../base/node-selection';
import { Privilege } from '../../base/privileges';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { checkConstruction, instanceOf, isBoolean, isString, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { isDuration, isSize } from '../../validation/plus-schemas';
import { AgentBase, AgentDefaults, ManagedSetting } from '../agent-base';
import { port } from '../agent-guards';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';
import {
  addServiceMonitor, isServiceMonitorOptions, ServiceMonitorOptions, serviceMonitorProblems, serviceMonitorRequested,
} from '../service-monitor';

/** Fluent Bit's log verbosity. */
export enum FluentBitLogLevel {
  /** Nothing. */
  OFF = 'off',
  /** Errors only. */
  ERROR = 'error',
  /** Errors and warnings. */
  WARN = 'warn',
  /** Informational messages too. */
  INFO = 'info',
  /** Debug messages too. */
  DEBUG = 'debug',
  /** Everything. */
  TRACE = 'trace',
}

const PORT_NAME = 'http';

/** The shared options' defaults for the log collector; each is documented on the props. */
export const AGENT_DEFAULTS: AgentDefaults = {
  namespace: 'logging',
  // The image is Linux-only, and tolerating everything would otherwise place pods on virtual
  // nodes (EKS Fargate, virtual-kubelet) where they stay Pending for ever.
  nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
  // The chart tolerates nothing; a log collector must see every node, tainted or not.
  tolerations: [Toleration.everything()],
  // The chart leaves the API default (one node at a time): over an hour on large clusters
  // (fluent/helm-charts#42, #143). A collector's absence is a delay, not a loss (its tail DB
  // resumes where it stopped), so 20% rolls any cluster in five waves while a broken
  // configuration still stops at a fifth of the nodes.
  updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(20) }),
  // The chart's commented example requests 100m / 128Mi. No CPU limit: a throttled collector
  // falls behind and loses the logs rotated away meanwhile. A memory limit at twice the
  // request absorbs bursts (metadata cache warm-up, retries) and contains a leak.
  resources: {
    cpu: { request: Cpu.millis(100) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
  },
  syncWave: SyncWave.OBSERVABILITY,
};

/** The defaults of the log collector's own props, in one place; each is documented on its prop. */
const DEFAULTS = {
  name: 'fluent-bit',
  component: 'log-collector',
  container: 'fluent-bit',
  version: FluentBitVersion.V5_1_1,
  memBufLimit: Size.mebibytes(5),
  refreshInterval: Duration.seconds(10),
  metricsPort: 2020,
  metricsPath: '/api/v2/metrics/prometheus',
  // The chart sets none (Prometheus's own default is 1m); logs pipelines change slowly.
  serviceMonitorInterval: Duration.seconds(30),
  // Fluent Bit flushes for `grace` seconds after SIGTERM; the kubelet kills at the pod's grace
  // period, so Fluent Bit's is kept ten seconds shorter.
  terminationGracePeriod: Duration.seconds(30),
  flushGrace: Duration.seconds(20),
  stateRoot: '/var/lib/fluent-bit',
  logLevel: FluentBitLogLevel.INFO,
  // Namespace labels (team, tenant) are the enrichment users ask for most (fluent/fluent-bit#6544);
  // they are what the namespaces read permission is for.
  namespaceLabels: true,
  // Unlike the filter's default: annotations are large and repeated on every record.
  podAnnotations: false,
  service: true,
  serviceMode: ServiceMode.HEADLESS,
};

// The flags the container's command line sets, in both spellings (fluent-bit --help, 5.1):
// a second --config or --workdir replaces the generated configuration or the state directory.
const CONFIG_FLAG: ManagedSetting = { reason: 'it names the configuration generated from outputs, filters and the other props' };
const WORKDIR_FLAG: ManagedSetting = { reason: 'it is where the tail position DB is kept', prop: 'stateDirectory' };
const PORT_FLAG: ManagedSetting = { reason: 'the probes, the Service and the ServiceMonitor use the configured port', prop: 'metricsPort' };
const MANAGED_FLAGS = { '--config': CONFIG_FLAG, '-c': CONFIG_FLAG, '--workdir': WORKDIR_FLAG, '-w': WORKDIR_FLAG, '--port': PORT_FLAG, '-P': PORT_FLAG };

/**
 * Properties of the log collector.
 *
 * The shared options default, for this agent, to: `namespace` "logging"; `instance` "fluent-bit";
 * `nodeSelection` Linux nodes that are not virtual (Fargate, virtual-kubelet); `tolerations`
 * `[Toleration.everything()]`; `updateStrategy` a rolling update of 20% of the nodes at a time;
 * `resources` requests cpu 100m and memory 128Mi, a memory limit of 256Mi and no CPU limit;
 * `syncWave` SyncWave.OBSERVABILITY (AGENT_DEFAULTS says why each).
 */
export interface LogCollectorDaemonSetProps extends AgentOptions {
  /**
   * Where logs go: at least one. There is deliberately no default: a collector that ships
   * nowhere, or only to its own stdout, looks healthy while every log is lost.
   * Use `[LogOutput.stdout()]` to try the collector out.
   */
  readonly outputs: LogOutput[];
  /**
   * The Fluent Bit release (and image).
   * @default FluentBitVersion.V5_1_1
   */
  readonly version?: FluentBitVersion;
  /**
   * Per input, how much unflushed data Fluent Bit holds in memory before it pauses the input
   * (the logs wait on disk meanwhile). Must stay well below the memory limit.
   * @default Size.mebibytes(5) (the chart's 5MB)
   */
  readonly memBufLimit?: Size;
  /**
   * How often the tail input rescans for new log files (new files are also seen through inotify).
   * @default Duration.seconds(10)
   */
  readonly refreshInterval?: Duration;
  /**
   * The Docker data root's containers directory, mounted read-only, for nodes still running
   * Docker (cri-dockerd), where /var/log/pods links into it. The directory must exist on every
   * selected node: a missing one stops the pod instead of being created empty.
   * @default - not mounted: containerd and CRI-O keep the logs under /var/log/pods
   */
  readonly dockerLogDirectory?: string;
  /**
   * The host directory holding the collector's tail position DB (created if missing). Keep it
   * stable: a new directory means a new DB, and the collector then starts at the end of every
   * file, skipping what was written while it was away.
   * @default "/var/lib/fluent-bit/<namespace>-<instance>"
   */
  readonly stateDirectory?: string;
  /**
   * systemd units whose journal entries are collected too (tagged `host.*`), e.g.
   * `['kubelet.service', 'containerd.service']`. Needs a persistent journal in /var/log/journal
   * on every selected node.
   * @default - the journal is not read
   */
  readonly systemdUnits?: string[];
  /**
   * Namespaces whose container logs are not read at all (excluded by file name, before any
   * processing), e.g. noisy system namespaces.
   * @default - none
   */
  readonly excludeNamespaces?: string[];
  /**
   * Add the namespace's labels to every record (`kubernetes_namespace`), e.g. to route by a
   * team or tenant label; needs read access to namespaces.
   * @default true
   */
  readonly namespaceLabels?: boolean;
  /**
   * Add the pod's annotations to every record. Off by default: annotations are often large
   * (last-applied-configuration, checksums) and repeated on every line. The
   * `fluentbit.io/parser` and `fluentbit.io/exclude` annotations work either way.
   * @default false
   */
  readonly podAnnotations?: boolean;
  /**
   * Extra filters, run after the Kubernetes metadata filter.
   * @default - none
   */
  readonly filters?: LogFilter[];
  /**
   * Fluent Bit's log verbosity.
   * @default FluentBitLogLevel.INFO
   */
  readonly logLevel?: FluentBitLogLevel;
  /**
   * The port of Fluent Bit's HTTP server: metrics, health and the probes.
   * @default 2020
   */
  readonly metricsPort?: number;
  /**
   * Create a Service for the metrics port, with Prometheus scrape annotations.
   * @default true
   */
  readonly service?: boolean;
  /**
   * Headless (Prometheus reaches every collector) or node-local (`internalTrafficPolicy: Local`:
   * a client reaches its own node's collector).
   * @default ServiceMode.HEADLESS
   */
  readonly serviceMode?: ServiceMode;
  /**
   * Emit a prometheus-operator ServiceMonitor for the metrics (needs its CRD in the cluster).
   * @default false (true when `serviceMonitorOptions` is given)
   */
  readonly serviceMonitor?: boolean;
  /**
   * ServiceMonitor settings; giving them asks for the ServiceMonitor.
   * @default - interval 30s, scrapeTimeout 10s, instance = node name
   */
  readonly serviceMonitorOptions?: ServiceMonitorOptions;
}

/** The runtime shape of LogCollectorDaemonSetProps, checked before anything reads them. */
export const LOG_COLLECTOR_PROPS_SCHEMA: Schema<LogCollectorDaemonSetProps> = {
  ...AGENT_OPTIONS_SCHEMA,
  outputs: listOf(instanceOf(LogOutput, 'LogOutput.loki({ url: "http://loki-gateway.loki.svc.cluster.local" })')),
  version: optional(instanceOf(FluentBitVersion, 'FluentBitVersion.V5_1_1')),
  memBufLimit: optional(isSize),
  refreshInterval: optional(isDuration),
  dockerLogDirectory: optional(isString),
  stateDirectory: optional(isString),
  systemdUnits: optional(listOf(isString)),
  excludeNamespaces: optional(listOf(isString)),
  namespaceLabels: optional(isBoolean),
  podAnnotations: optional(isBoolean),
  filters: optional(listOf(instanceOf(LogFilter, 'LogFilter.custom("grep", { properties: { exclude: "log ^DEBUG" } })'))),
  logLevel: optional(oneOf(FluentBitLogLevel, 'FluentBitLogLevel')),
  metricsPort: optional(port(DEFAULTS.metricsPort)),
  service: optional(isBoolean),
  serviceMode: optional(oneOf(ServiceMode, 'ServiceMode')),
  serviceMonitor: optional(isBoolean),
  serviceMonitorOptions: optional(isServiceMonitorOptions),
};

/**
 * A Fluent Bit log collector on every node: it tails the container logs, adds Kubernetes
 * metadata and ships the records to typed outputs, with its configuration generated from them.
 *
 * Privileges, each justified on the DaemonSet: it runs as root (the logs are root's) with a
 * read-only root filesystem, no privilege escalation and no capabilities; it mounts the log
 * directories read-only and only its own state directory writable; it reads pods (and
 * namespaces) from the API.
 *
 * @example
 * new LogCollectorDaemonSet(chart, 'logs', {
 *   outputs: [LogOutput.loki({ url: 'http://loki-gateway.loki.svc.cluster.local' })],
 * });
 */
export class LogCollectorDaemonSet extends AgentBase {
  /** The ConfigMap holding the generated configuration. */
  public readonly configMap: ConfigMap;
  /** The metrics Service, unless disabled. */
  public readonly service?: AgentService;
  /** The ServiceMonitor, when asked for. */
  public readonly serviceMonitor?: ApiObject;
  /** The Fluent Bit release. */
  public readonly version: FluentBitVersion;
  /** The generated Fluent Bit configuration (the ConfigMap's `fluent-bit.yaml`). */
  public readonly config: string;

  public constructor(scope: Construct, id: string, props: LogCollectorDaemonSetProps) {
    checkConstruction(scope, id, props, LOG_COLLECTOR_PROPS_SCHEMA, 'LogCollectorDaemonSet', true);
    const version = props.version ?? DEFAULTS.version;
    super(scope, id, props, { name: DEFAULTS.name, component: DEFAULTS.component, version: version.version }, AGENT_DEFAULTS);
    this.version = version;
    const metricsPort = props.metricsPort ?? DEFAULTS.metricsPort;
    const memBufLimit = props.memBufLimit ?? DEFAULTS.memBufLimit;
    const refreshInterval = props.refreshInterval ?? DEFAULTS.refreshInterval;
    const systemdUnits = props.systemdUnits ?? [];
    const excludeNamespaces = props.excludeNamespaces ?? [];
    const namespaceLabels = props.namespaceLabels ?? DEFAULTS.namespaceLabels;
    const withService = props.service ?? DEFAULTS.service;
    const withMonitor = serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions);
    const outputs = props.outputs ?? [];
    const filters = props.filters ?? [];
    const stateDirectory = props.stateDirectory ?? `${DEFAULTS.stateRoot}/${this.namespace}-${this.instance}`;
    const outputProblems = outputs.flatMap((o, i) => o._problems(`outputs[${i}]`));
    // Rendered only when valid (a bad URL would not parse): the credentials' env vars are the agent's.
    const rendered = outputProblems.length === 0 ? outputs.map((o, i) => o._render(i)) : [];
    const outputEnv: Record<string, EnvValue> = Object.assign({}, ...rendered.map(r => r.env));
    const { updateStrategy, resources } = this._effective;

    this._deploy({
      problems: [
        ...(outputs.length === 0 ? [{ property: 'outputs', value: [], expected: 'Give at least one output, e.g. [LogOutput.loki({ url: "http://loki-gateway.loki.svc.cluster.local" })], or [LogOutput.stdout()] to try the collector out.' }] : []),
        ...outputProblems,
        ...filters.flatMap((f, i) => f._problems(`filters[${i}]`)),
        ...portNumberProblems('metricsPort', metricsPort),
        ...memBufLimitProblems(memBufLimit, systemdUnits.length > 0 ? 2 : 1, resources.memory?.limit),
        ...wholeSecondsProblems('refreshInterval', refreshInterval),
        ...surgeProblems(updateStrategy),
        ...systemdUnits.flatMap((u, i) => unitProblems(`systemdUnits[${i}]`, u)),
        ...excludeNamespaces.flatMap((ns, i) => dnsLabelProblems(`excludeNamespaces[${i}]`, ns)),
        ...(withMonitor && !withService ? [{ property: 'serviceMonitor', value: true, expected: 'A ServiceMonitor scrapes through the Service: keep service: true, or drop serviceMonitor.' }] : []),
        ...serviceMonitorProblems(props.serviceMonitor, props.serviceMonitorOptions, { interval: DEFAULTS.serviceMonitorInterval }),
      ],
      instanceNamesService: withService,
      daemonSet: {
        terminationGracePeriod: DEFAULTS.terminationGracePeriod,
        // The kubernetes filter reads each new pod's metadata from the API server (cached per
        // pod). Its kubelet mode (Use_Kubelet) would spare the API server but needs hostNetwork
        // and nodes/proxy, a permission that also allows exec into every pod on the node.
        access: [AccessRule.read(ApiResource.PODS, ...(namespaceLabels ? [ApiResource.NAMESPACES] : []))],
      },
      container: {
        name: DEFAULTS.container,
        image: version.image,
        command: ['/fluent-bit/bin/fluent-bit'],
        args: [`--workdir=${WORK_DIR}`, `--config=${CONFIG_DIR}/${CONFIG_FILE}`],
        ports: [{ number: metricsPort, name: PORT_NAME }],
        envVariables: outputEnv,
        securityContext: {
          // Root only to read root-owned files: container logs are written by the runtime as
          // root with mode 0640. As the files' owner, uid 0 reads them without any capability.
          ensureNonRoot: false,
          user: 0,
          group: 0,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: [Capability.ALL] },
        },
        // The process answers: restart only when it does not (a backend outage is not cured by a restart).
        liveness: Probe.fromHttpGet('/', { port: metricsPort, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(5), failureThreshold: 3 }),
        // Unready after repeated output errors (Health_Check), which also holds a rollout of a
        // configuration that cannot deliver.
        readiness: Probe.fromHttpGet('/api/v2/health', { port: metricsPort, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(5), failureThreshold: 3 }),
      },
      env: Object.fromEntries(Object.keys(outputEnv).map(name => [name, { reason: 'it carries an output\'s credential from its Secret', fix: 'choose another name' }])),
      flags: MANAGED_FLAGS,
    });
    this.daemonSet.justify(Privilege.API_ACCESS, namespaceLabels
      ? 'The kubernetes filter reads pod metadata (labels, owner) and namespace labels from the API server to label every record; read-only (get/list/watch) on pods and namespaces.'
      : 'The kubernetes filter reads pod metadata (labels, owner) from the API server to label every record; read-only (get/list/watch) on pods.');

    const ownLogs = outputs.some(o => o._writesToStdout)
      // Shipping to stdout writes every record into this container's own log file, which the
      // collector would read again, and again: skip that file.
      ? [`${CONTAINER_LOG_DIR}/${this.instance}-*_${this.namespace}_${DEFAULTS.container}-*.log`]
      : [];
    this.config = renderFluentBitConfig({
      logLevel: props.logLevel ?? DEFAULTS.logLevel,
      metricsPort,
      graceSeconds: DEFAULTS.flushGrace.toSeconds(),
      memBufLimitBytes: memBufLimit.toKibibytes() * 1024,
      refreshIntervalSeconds: refreshInterval.toSeconds(),
      excludePaths: [...excludeNamespaces.map(ns => `${CONTAINER_LOG_DIR}/*_${ns}_*.log`), ...ownLogs],
      systemdUnits,
      namespaceLabels,
      podAnnotations: props.podAnnotations ?? DEFAULTS.podAnnotations,
      filters: filters.map(f => f._render()),
      outputs: rendered.map(r => r.section),
    });
    const data = { [CONFIG_FILE]: this.config };
    this.configMap = new ConfigMap(this, 'ConfigMap', {
      metadata: { name: this.instance, namespace: this.namespace, labels: this.daemonSet.labels },
      data,
    });
    this.daemonSet.podMetadata.addAnnotation('checksum/config', checksum(data));
    this.daemonSet.justify(Privilege.runAsRoot(DEFAULTS.container), 'The container runtime writes every container log as root with mode 0640; uid 0 reads them as their owner, with all capabilities dropped, no privilege escalation and a read-only root filesystem.');

    const configVolume = Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });
    this.container.mount(CONFIG_DIR, configVolume, { readOnly: true });
    const journal = systemdUnits.length > 0;
    mountLogDirectories(this.daemonSet, this.container, { dockerLogDirectory: props.dockerLogDirectory, stateDirectory, journal });

    if (withService) {
      this.service = this.daemonSet.exposeViaService({
        name: this.instance,
        ports: [{ port: metricsPort, targetPort: metricsPort, name: PORT_NAME }],
        mode: props.serviceMode ?? DEFAULTS.serviceMode,
        scrape: { port: metricsPort, path: DEFAULTS.metricsPath, scheme: ScrapeScheme.HTTP },
      });
    }
    if (withMonitor) {
      this.serviceMonitor = addServiceMonitor({
        agent: this.daemonSet, port: PORT_NAME, path: DEFAULTS.metricsPath, interval: DEFAULTS.serviceMonitorInterval, honorLabels: false,
      }, props.serviceMonitorOptions);
    }
  }
}
