import { ApiObject, Duration } from 'cdk8s';
import { Problem } from '../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../base/names';
import { NodeAgent } from '../base/node-agent';
import { isBoolean, isString, mapOf, optional, Schema, struct } from '../validation/guards';
import { isDuration } from '../validation/plus-schemas';

/**
 * Options for an agent's prometheus-operator ServiceMonitor. Giving them asks for the
 * ServiceMonitor; `serviceMonitor: true` asks for it with the agent's defaults.
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
}

/** The runtime shape of ServiceMonitorOptions. */
export const SERVICE_MONITOR_OPTIONS_SCHEMA: Schema<ServiceMonitorOptions> = {
  interval: optional(isDuration),
  scrapeTimeout: optional(isDuration),
  labels: optional(mapOf(isString)),
  honorLabels: optional(isBoolean),
  instanceFromNodeName: optional(isBoolean),
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
}

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
export function serviceMonitorProblems(serviceMonitor: boolean | undefined, options: ServiceMonitorOptions | undefined, target: Pick<ServiceMonitorTarget, 'interval'>): Problem[] {
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
  if (problems.length === 0 && timeout.toMilliseconds() > interval.toMilliseconds()) {
    problems.push({
      property: 'serviceMonitorOptions.scrapeTimeout',
      value: prometheusDuration(timeout),
      expected: `Prometheus refuses a scrape timeout longer than the interval (${prometheusDuration(interval)}): lower scrapeTimeout or raise interval.`,
    });
  }
  return problems;
}

/**
 * Adds the agent's ServiceMonitor as a plain `monitoring.coreos.com/v1` object, so the library
 * needs neither the CRD nor its import (the CRD must exist in the cluster).
 */
export function addServiceMonitor(target: ServiceMonitorTarget, options: ServiceMonitorOptions = {}): ApiObject {
  const agent = target.agent;
  const relabelings = (options.instanceFromNodeName ?? true) ? [{
    action: 'replace',
    sourceLabels: ['__meta_kubernetes_pod_node_name'],
    targetLabel: 'instance',
  }] : undefined;
  return new ApiObject(agent, 'ServiceMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: agent.instance, namespace: agent.namespace, labels: { ...agent.labels, ...options.labels } },
    spec: {
      // job="<app name>", the label the upstream mixins' alerts and dashboards select on.
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: { ...agent.selectorLabels } },
      ...(agent.namespace ? { namespaceSelector: { matchNames: [agent.namespace] } } : {}),
      endpoints: [{
        port: target.port,
        path: target.path,
        scheme: 'http',
        interval: prometheusDuration(options.interval ?? target.interval),
        scrapeTimeout: prometheusDuration(options.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT),
        honorLabels: options.honorLabels ?? target.honorLabels,
        relabelings,
      }],
    },
  });
}
