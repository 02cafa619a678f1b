import { ApiObject, Duration, Size } from 'cdk8s';
import { ApiResource, Capability, ConfigMap, Cpu, EnvValue, Probe, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { fluentBitAlerts } from './alerts';
import { bytes, LogBuffering } from './buffering';
import { checksum, memBufLimitProblems, showSize, sizeProblems, surgeProblems, wholeSecondsProblems } from './checks';
import { CONFIG_DIR, CONFIG_FILE, CONTAINER_LOG_DIR, PARSERS_FILE, renderFluentBitConfig, WORK_DIR } from './config';
import { mountLogDirectories } from './mounts';
import { BUFFER_LIMIT_KEY } from './outputs';
import { resolvePipeline } from './pipeline';
import { FluentBitLogLevel, LOG_COLLECTOR_PROPS_SCHEMA, LogCollectorDaemonSetProps } from './props';
import { FluentBitVersion } from './version';
import { AccessRule } from '../../base/access';
import { AgentService, ScrapeScheme, ServiceMode } from '../../base/discovery';
import { Problem } from '../../base/errors';
import { dnsLabelProblems, portNumberProblems } from '../../base/names';
import { NodeSelection } from '../../base/node-selection';
import { Privilege } from '../../base/privileges';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { checkConstruction } from '../../validation/guards';
import { AgentBase, AgentDefaults, ManagedSetting } from '../agent-base';
import { addServiceMonitor, serviceMonitorProblems, serviceMonitorRequested } from '../service-monitor';

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
  readFromHead: false,
  skipLongLines: true,
  flushInterval: Duration.seconds(1),
  buffering: LogBuffering.memory(),
  metricsPort: 2020,
  metricsPath: '/api/v2/metrics/prometheus',
  // The chart sets none (Prometheus's own default is 1m); logs pipelines change slowly.
  serviceMonitorInterval: Duration.seconds(30),
  // Fluent Bit flushes for `grace` seconds after SIGTERM; the kubelet kills at the pod's grace
  // period, which is kept ten seconds longer.
  flushGrace: Duration.seconds(20),
  shutdownMargin: Duration.seconds(10),
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
 * A Fluent Bit log collector on every node: it tails the container logs, adds Kubernetes
 * metadata and ships the records to typed outputs, with its configuration generated from them.
 *
 * Privileges, each justified on the DaemonSet: it runs as root (the logs are root's) with a
 * read-only root filesystem, no privilege escalation and no capabilities; it mounts the log
 * directories (and the journal, for journal inputs) read-only and only its own state directory
 * writable (position DBs, and the filesystem buffer); it reads pods (and namespaces) from the API.
 * A change of its configuration, parsers or Lua scripts rolls the pods.
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
    const flushInterval = props.flushInterval ?? DEFAULTS.flushInterval;
    const flushGrace = props.flushGrace ?? DEFAULTS.flushGrace;
    const buffering = props.buffering ?? DEFAULTS.buffering;
    const excludeNamespaces = props.excludeNamespaces ?? [];
    const namespaceLabels = props.namespaceLabels ?? DEFAULTS.namespaceLabels;
    const withService = props.service ?? DEFAULTS.service;
    const withMonitor = serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions);
    const outputs = props.outputs ?? [];
    const stateDirectory = props.stateDirectory ?? `${DEFAULTS.stateRoot}/${this.namespace}-${this.instance}`;
    const outputProblems = outputs.flatMap((o, i) => [...o._problems(`outputs[${i}]`), ...bufferLimitProblems(`outputs[${i}].bufferLimit`, o._bufferLimit, buffering)]);
    // Rendered only when valid (a bad URL would not parse): the credentials' env vars are the agent's.
    const rendered = outputProblems.length === 0 ? outputs.map((o, i) => o._render(i)) : [];
    const outputEnv: Record<string, EnvValue> = Object.assign({}, ...rendered.map(r => r.env));
    const pipeline = resolvePipeline({
      systemdUnits: props.systemdUnits ?? [],
      inputs: props.inputs ?? [],
      parsers: props.parsers ?? [],
      multiline: props.multiline ?? [],
      filters: props.filters ?? [],
      memBufLimitBytes: bytes(memBufLimit) ?? 0,
      filesystemBuffering: buffering._filesystem,
    });
    const { updateStrategy, resources } = this._effective;

    this._deploy({
      problems: [
        ...(outputs.length === 0 ? [{ property: 'outputs', value: [], expected: 'Give at least one output, e.g. [LogOutput.loki({ url: "http://loki-gateway.loki.svc.cluster.local" })], or [LogOutput.stdout()] to try the collector out.' }] : []),
        ...outputProblems,
        ...pipeline.problems,
        ...portNumberProblems('metricsPort', metricsPort),
        ...memBufLimitProblems(memBufLimit, 1 + pipeline.inputs.length, resources.memory?.limit),
        ...wholeSecondsProblems('refreshInterval', refreshInterval),
        ...wholeSecondsProblems('flushInterval', flushInterval),
        ...wholeSecondsProblems('flushGrace', flushGrace),
        // The tail input refuses a maximum below its 32 KiB read chunk (plugins/in_tail/tail_config.c).
        ...sizeProblems('bufferMaxSize', props.bufferMaxSize, Size.kibibytes(32), 'Use at least Size.kibibytes(32), the tail input\'s read chunk, in whole KiB.'),
        ...buffering._problems('buffering', resources.memory?.limit),
        ...surgeProblems(updateStrategy),
        ...excludeNamespaces.flatMap((ns, i) => dnsLabelProblems(`excludeNamespaces[${i}]`, ns)),
        ...(withMonitor && !withService ? [{ property: 'serviceMonitor', value: true, expected: 'A ServiceMonitor scrapes through the Service: keep service: true, or drop serviceMonitor.' }] : []),
        ...serviceMonitorProblems(props.serviceMonitor, props.serviceMonitorOptions, { interval: DEFAULTS.serviceMonitorInterval }),
      ],
      instanceNamesService: withService,
      alerts: { monitored: withMonitor, rules: fluentBitAlerts },
      daemonSet: {
        terminationGracePeriod: Duration.seconds(flushGrace.toSeconds() + DEFAULTS.shutdownMargin.toSeconds()),
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
      flushSeconds: flushInterval.toSeconds(),
      graceSeconds: flushGrace.toSeconds(),
      storage: buffering._service(),
      tail: {
        memBufLimitBytes: bytes(memBufLimit)!,
        refreshIntervalSeconds: refreshInterval.toSeconds(),
        excludePaths: [...excludeNamespaces.map(ns => `${CONTAINER_LOG_DIR}/*_${ns}_*.log`), ...ownLogs],
        readFromHead: props.readFromHead ?? DEFAULTS.readFromHead,
        bufferMaxSizeBytes: props.bufferMaxSize === undefined ? undefined : bytes(props.bufferMaxSize),
        skipLongLines: props.skipLongLines ?? DEFAULTS.skipLongLines,
        filesystemBuffering: buffering._filesystem,
        multiline: pipeline.multiline,
      },
      inputs: pipeline.inputSections,
      namespaceLabels,
      podAnnotations: props.podAnnotations ?? DEFAULTS.podAnnotations,
      filters: pipeline.filterSections,
      outputs: rendered.map((r, i) => buffering._filesystem
        ? { ...r.section, [BUFFER_LIMIT_KEY]: bytes(outputs[i]._bufferLimit ?? buffering._outputLimit)! }
        : r.section),
      includesParsers: pipeline.parsersFile !== undefined,
    });
    // The parsers and the Lua scripts are files beside the configuration, in its ConfigMap.
    const data: Record<string, string> = {
      [CONFIG_FILE]: this.config,
      ...(pipeline.parsersFile !== undefined ? { [PARSERS_FILE]: pipeline.parsersFile } : {}),
      ...pipeline.luaScripts,
    };
    this.configMap = new ConfigMap(this, 'ConfigMap', {
      metadata: { name: this.instance, namespace: this.namespace, labels: this.daemonSet.labels },
      data,
    });
    // A configuration change rolls the pods, as any change of the pod template does, rather than
    // being hot-reloaded. Fluent Bit's hot reload watches no file: it needs a trigger (SIGHUP or
    // POST /api/v2/reload, e.g. from a config-reloader sidecar as the chart runs), and the
    // kubelet updates the mounted ConfigMap on every node within a minute or so: a broken
    // configuration would reach every node at once, with no pod restarting to turn unready.
    // The roll changes 20% of the nodes at a time and stops at the first that does not become
    // ready; the position DBs and the filesystem buffer make a restart lose and repeat nothing;
    // and it needs no sidecar image to pin, mirror and patch.
    this.daemonSet.podMetadata.addAnnotation('checksum/config', checksum(data));
    this.daemonSet.justify(Privilege.runAsRoot(DEFAULTS.container), 'The container runtime writes every container log as root with mode 0640; uid 0 reads them as their owner, with all capabilities dropped, no privilege escalation and a read-only root filesystem.');

    const configVolume = Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });
    this.container.mount(CONFIG_DIR, configVolume, { readOnly: true });
    mountLogDirectories(this.daemonSet, this.container, {
      dockerLogDirectory: props.dockerLogDirectory,
      stateDirectory,
      filesystemBuffering: buffering._filesystem,
      journalDirectories: [...new Set(pipeline.inputs.map(input => input._journalDirectory))],
    });

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

function bufferLimitProblems(property: string, limit: Size | undefined, buffering: LogBuffering): Problem[] {
  if (limit === undefined) return [];
  if (!buffering._filesystem) {
    return [{ property, value: showSize(limit), expected: 'Only filesystem buffering keeps data on disk: set buffering: LogBuffering.filesystem(), or drop bufferLimit.' }];
  }
  return sizeProblems(property, limit, Size.mebibytes(1), 'Use at least Size.mebibytes(1) in whole KiB, e.g. Size.gibibytes(1).');
}
