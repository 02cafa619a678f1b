/**
 * The log collector's props and their runtime schema (one guard per prop), apart from the
 * construct that reads them (log-collector.ts).
 */
import { Duration, Size } from 'cdk8s';
import { LogBuffering } from './buffering';
import { LogFilter } from './filters';
import { LogInput } from './inputs';
import { MultilineParser } from './multiline';
import { LogOutput } from './outputs';
import { LogParser } from './parsers';
import { FluentBitVersion } from './version';
import { ServiceMode } from '../../base/discovery';
import { instanceOf, isBoolean, isString, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { isDuration, isSize } from '../../validation/plus-schemas';
import { port } from '../agent-guards';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';
import { isServiceMonitorOptions, ServiceMonitorOptions } from '../service-monitor';

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
   * Where a new collector (no position in its DB yet, e.g. on a new node) starts each container
   * log file present when it starts: at its end, or, with true, at its beginning, shipping what
   * was written before. Files created later are always read from their beginning.
   * @default false (Fluent Bit's)
   */
  readonly readFromHead?: boolean;
  /**
   * The longest line the tail input reads (`buffer_max_size`); see `skipLongLines` for longer
   * ones. The runtimes split longer lines into 16 KiB pieces, which the input joins again.
   * @default Size.kibibytes(32) (Fluent Bit's)
   */
  readonly bufferMaxSize?: Size;
  /**
   * Skip a line longer than `bufferMaxSize` and go on with the file; with false, Fluent Bit
   * stops reading the whole file at such a line.
   * @default true
   */
  readonly skipLongLines?: boolean;
  /**
   * How often buffered records are flushed to the outputs (the service's `flush`).
   * @default Duration.seconds(1)
   */
  readonly flushInterval?: Duration;
  /**
   * How long Fluent Bit keeps flushing after SIGTERM (the service's `grace`); the pod's
   * termination grace period is ten seconds longer, so the kubelet does not kill it mid-flush.
   * @default Duration.seconds(20)
   */
  readonly flushGrace?: Duration;
  /**
   * Where records wait for the outputs: in memory (the container log files are the buffer), or
   * on the node's disk in the collector's state directory (`LogBuffering.filesystem()`).
   * @default LogBuffering.memory()
   */
  readonly buffering?: LogBuffering;
  /**
   * Parsers pods can pick with the `fluentbit.io/parser` annotation, written into the parsers
   * file. Parsers used by filters (`LogFilter.parser`) and multiline parsers are written there
   * without being listed here.
   * @default - the image's stock parsers only
   */
  readonly parsers?: LogParser[];
  /**
   * Multiline parsers that join a record's lines (stack traces) in every container log, at the
   * input, after the runtime's own line joining (docker, cri), e.g.
   * `[MultilineParser.JAVA, MultilineParser.PYTHON]`. A line goes to the first that accepts it.
   * @default - none: each line is a record
   */
  readonly multiline?: MultilineParser[];
  /**
   * Inputs besides the container logs, e.g. `[LogInput.systemd({ units: ['kubelet.service'] })]`,
   * each with the read-only mounts it needs.
   * @default - none
   */
  readonly inputs?: LogInput[];
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
   * `['kubelet.service', 'containerd.service']`: the short form of
   * `inputs: [LogInput.systemd({ units })]`, which also sets the tag and the journal directory.
   * Needs a persistent journal in /var/log/journal on every selected node.
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
   * Extra filters, run in order after the Kubernetes metadata filter: parsers
   * (`LogFilter.parser`), Lua functions (`LogFilter.lua`) or any plugin (`LogFilter.custom`).
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
  readFromHead: optional(isBoolean),
  bufferMaxSize: optional(isSize),
  skipLongLines: optional(isBoolean),
  flushInterval: optional(isDuration),
  flushGrace: optional(isDuration),
  buffering: optional(instanceOf(LogBuffering, 'LogBuffering.filesystem()')),
  parsers: optional(listOf(instanceOf(LogParser, 'LogParser.regex("app", { regex: "^(?<level>[A-Z]+) (?<message>.*)$" })'))),
  multiline: optional(listOf(instanceOf(MultilineParser, 'MultilineParser.JAVA'))),
  inputs: optional(listOf(instanceOf(LogInput, 'LogInput.systemd({ units: ["kubelet.service"] })'))),
  dockerLogDirectory: optional(isString),
  stateDirectory: optional(isString),
  systemdUnits: optional(listOf(isString)),
  excludeNamespaces: optional(listOf(isString)),
  namespaceLabels: optional(isBoolean),
  podAnnotations: optional(isBoolean),
  filters: optional(listOf(instanceOf(LogFilter, 'LogFilter.custom("grep", { properties: { exclude: "log ^DEBUG" } })'))),
  logLevel: optional(oneOf(FluentBitLogLevel, 'FluentBitLogLevel')),
  metricsPort: optional(port(2020)),
  service: optional(isBoolean),
  serviceMode: optional(oneOf(ServiceMode, 'ServiceMode')),
  serviceMonitor: optional(isBoolean),
  serviceMonitorOptions: optional(isServiceMonitorOptions),
};
