import { ApiObject, Duration } from 'cdk8s';
import { isMonitorTlsConfig, MonitorTlsConfig, monitorTlsJson, monitorTlsProblems } from './monitor-tls';
import { isRelabelingList, Relabeling, relabelingJson, relabelingProblems } from './relabeling';
import { ScrapeScheme } from '../base/discovery';
import { Problem } from '../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../base/names';
import { NodeAgent } from '../base/node-agent';
import { isBoolean, isString, mapOf, optional, Schema, struct } from '../validation/guards';
import { isDuration } from '../validation/plus-schemas';

/**
 * Options for an agent's prometheus-operator ServiceMonitor (or PodMonitor, where the agent offers
 * one). Giving them asks for the monitor; `serviceMonitor: true` asks for it with the agent's defaults.
 */
export interface ServiceMonitorOptions {
  /**
   * How often Prometheus scrapes each node's agent.
   * @default - the agent's (15 s for the exporters, 30 s for the log collector)
   */
  readonly interval?: Duration;
  /**
   * How long one scrape may take; at most `interval`.
   * @default Duration.seconds(10)
   */
  readonly scrapeTimeout?: Duration;
  /**
   * Extra labels on the ServiceMonitor, for a Prometheus whose `serviceMonitorSelector` selects
   * on them (e.g. `{ release: 'kube-prometheus-stack' }`).
   * @default - the agent's recommended labels only
   */
  readonly labels?: { [key: string]: string };
  /**
   * Keep the labels the agent puts on its series when they clash with the target's own (the GPU
   * monitor's `pod`/`namespace` name the workload using each GPU, not the exporter pod).
   * @default - true for the GPU monitor, false for the others
   */
  readonly honorLabels?: boolean;
  /**
   * Label each series' `instance` with the node name instead of `<pod IP>:<port>`, as
   * kube-prometheus does: dashboards and alerts name the node, and series survive an IP change.
   * @default true
   */
  readonly instanceFromNodeName?: boolean;
  /**
   * Relabeling rules applied to each target before the scrape, after the node-name `instance`
   * rule (e.g. copy a node label onto every series with `__meta_kubernetes_pod_node_name`).
   * @default - only the node-name `instance` rule
   */
  readonly relabelings?: Relabeling[];
  /**
   * Relabeling rules applied to every scraped series before it is stored, e.g. dropping
   * expensive series: `{ action: RelabelAction.DROP, sourceLabels: ['__name__'], regex: 'node_scrape_collector_.*' }`.
   * @default - none
   */
  readonly metricRelabelings?: Relabeling[];
  /**
   * How Prometheus verifies the agent's HTTPS endpoint; only for an agent that serves HTTPS
   * (node-exporter with kube-rbac-proxy).
   * @default - the agent's (kube-rbac-proxy's self-signed certificate: insecureSkipVerify)
   */
  readonly tlsConfig?: MonitorTlsConfig;
}

/** The runtime shape of ServiceMonitorOptions. */
export const SERVICE_MONITOR_OPTIONS_SCHEMA: Schema<ServiceMonitorOptions> = {
  interval: optional(isDuration),
  scrapeTimeout: optional(isDuration),
  labels: optional(mapOf(isString)),
  honorLabels: optional(isBoolean),
  instanceFromNodeName: optional(isBoolean),
  relabelings: optional(isRelabelingList),
  metricRelabelings: optional(isRelabelingList),
  tlsConfig: optional(isMonitorTlsConfig),
};

/** ServiceMonitorOptions, as a guard for the agents' props schemas. */
export const isServiceMonitorOptions = struct(SERVICE_MONITOR_OPTIONS_SCHEMA, 'ServiceMonitorOptions');

/** What an agent fixes about its ServiceMonitor: where the metrics are and its own defaults. */
export interface ServiceMonitorTarget {
  /** The agent scraped (selector, namespace, labels). */
  readonly agent: NodeAgent;
  /** The Service port name serving metrics. */
  readonly port: string;
  /** The metrics path. */
  readonly path: string;
  /** The agent's default scrape interval. */
  readonly interval: Duration;
  /** The agent's default for honorLabels. */
  readonly honorLabels: boolean;
  /**
   * The scheme the endpoint serves.
   * @default ScrapeScheme.HTTP
   */
  readonly scheme?: ScrapeScheme;
  /**
   * Prometheus authenticates with its own service-account token (an agent behind kube-rbac-proxy).
   * @default false
   */
  readonly bearerToken?: boolean;
  /**
   * The agent's TLS settings, used unless the options give their own.
   * @default - none
   */
  readonly tlsConfig?: MonitorTlsConfig;
}

/** Where a ServiceMonitor reads the token of the Prometheus pod that scrapes (kube-prometheus's). */
const PROMETHEUS_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const DEFAULT_SCRAPE_TIMEOUT = Duration.seconds(10);

/** Whether a ServiceMonitor was asked for: explicitly, or by giving options. */
export function serviceMonitorRequested(serviceMonitor: boolean | undefined, options: ServiceMonitorOptions | undefined): boolean {
  return serviceMonitor ?? options !== undefined;
}

/** A Prometheus duration ("15s", "1500ms"). */
function prometheusDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** What Prometheus (or the API server) would refuse in the ServiceMonitor settings. */
export function serviceMonitorProblems(serviceMonitor: boolean | undefined, options: ServiceMonitorOptions | undefined, target: Pick<ServiceMonitorTarget, 'interval' | 'scheme'>): Problem[] {
  if (serviceMonitor === false && options !== undefined) {
    return [{ property: 'serviceMonitorOptions', value: options, expected: 'serviceMonitor is false, so no ServiceMonitor uses these options: drop them, or drop serviceMonitor: false.' }];
  }
  const interval = options?.interval ?? target.interval;
  const timeout = options?.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT;
  const problems: Problem[] = [];
  for (const [name, d] of [['interval', interval], ['scrapeTimeout', timeout]] as const) {
    const ms = d.toMilliseconds({ integral: false });
    if (!Number.isInteger(ms) || ms <= 0) {
      problems.push({ property: `serviceMonitorOptions.${name}`, value: `${ms}ms`, expected: 'Use a positive whole number of milliseconds, e.g. Duration.seconds(15).' });
    }
  }
  for (const [key, value] of Object.entries(options?.labels ?? {})) {
    problems.push(...qualifiedNameProblems('serviceMonitorOptions.labels key', key));
    problems.push(...labelValueProblems(`serviceMonitorOptions.labels[${key}]`, value));
  }
  for (const list of ['relabelings', 'metricRelabelings'] as const) {
    options?.[list]?.forEach((r, i) => problems.push(...relabelingProblems(`serviceMonitorOptions.${list}[${i}]`, r)));
  }
  if (options?.tlsConfig !== undefined) {
    if ((target.scheme ?? ScrapeScheme.HTTP) !== ScrapeScheme.HTTPS) {
      problems.push({ property: 'serviceMonitorOptions.tlsConfig', value: options.tlsConfig, expected: 'The agent serves plain HTTP, so Prometheus makes no TLS connection: drop tlsConfig (node-exporter serves HTTPS with kubeRbacProxy).' });
    } else {
      problems.push(...monitorTlsProblems('serviceMonitorOptions.tlsConfig', options.tlsConfig));
    }
  }
  if (problems.length === 0 && timeout.toMilliseconds() > interval.toMilliseconds()) {
    problems.push({
      property: 'serviceMonitorOptions.scrapeTimeout',
      value: prometheusDuration(timeout),
      expected: `Prometheus refuses a scrape timeout longer than the interval (${prometheusDuration(interval)}): lower scrapeTimeout or raise interval.`,
    });
  }
  return problems;
}

/** The scrape endpoint both monitors share: where, how often, and the relabeling. */
function endpoint(target: ServiceMonitorTarget, options: ServiceMonitorOptions): Record<string, unknown> {
  const relabelings = [
    ...((options.instanceFromNodeName ?? true) ? [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }] : []),
    ...(options.relabelings ?? []).map(relabelingJson),
  ];
  const tls = options.tlsConfig ?? target.tlsConfig;
  return {
    port: target.port,
    path: target.path,
    scheme: target.scheme ?? ScrapeScheme.HTTP,
    interval: prometheusDuration(options.interval ?? target.interval),
    scrapeTimeout: prometheusDuration(options.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT),
    honorLabels: options.honorLabels ?? target.honorLabels,
    relabelings: relabelings.length > 0 ? relabelings : undefined,
    metricRelabelings: options.metricRelabelings?.map(relabelingJson),
    tlsConfig: tls ? monitorTlsJson(tls) : undefined,
  };
}

/** The monitor's metadata and the part of its spec that selects the agent's pods. */
function monitorBase(kind: string, agent: NodeAgent, options: ServiceMonitorOptions): { apiVersion: string; kind: string; metadata: object } {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind,
    metadata: { name: agent.instance, namespace: agent.namespace, labels: { ...agent.labels, ...options.labels } },
  };
}

function selection(agent: NodeAgent): Record<string, unknown> {
  return {
    // job="<app name>", the label the upstream mixins' alerts and dashboards select on.
    jobLabel: 'app.kubernetes.io/name',
    selector: { matchLabels: { ...agent.selectorLabels } },
    ...(agent.namespace ? { namespaceSelector: { matchNames: [agent.namespace] } } : {}),
  };
}

/**
 * Adds the agent's ServiceMonitor as a plain `monitoring.coreos.com/v1` object, so the library
 * needs neither the CRD nor its import (the CRD must exist in the cluster).
 */
export function addServiceMonitor(target: ServiceMonitorTarget, options: ServiceMonitorOptions = {}): ApiObject {
  const agent = target.agent;
  // kube-prometheus's: Prometheus sends the token of its own service account, which
  // kube-rbac-proxy checks with a TokenReview and a SubjectAccessReview.
  const token = target.bearerToken ? { bearerTokenFile: PROMETHEUS_TOKEN_FILE } : {};
  return new ApiObject(agent, 'ServiceMonitor', {
    ...monitorBase('ServiceMonitor', agent, options),
    spec: { ...selection(agent), endpoints: [{ ...endpoint(target, options), ...token }] },
  });
}

/**
 * Adds a PodMonitor instead: Prometheus discovers the pods directly, without the Service's
 * endpoints (an agent without a Service, or clusters where thousands of endpoints slow discovery).
 * `target.port` names a container port.
 */
export function addPodMonitor(target: ServiceMonitorTarget, options: ServiceMonitorOptions = {}): ApiObject {
  const agent = target.agent;
  return new ApiObject(agent, 'PodMonitor', {
    ...monitorBase('PodMonitor', agent, options),
    spec: { ...selection(agent), podMetricsEndpoints: [endpoint(target, options)] },
  });
}
