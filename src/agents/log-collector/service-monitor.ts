import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem } from '../../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../../base/names';

/**
 * Options for the prometheus-operator ServiceMonitor of the log collector. Giving them asks for
 * the ServiceMonitor (`serviceMonitor: true` asks for it with these defaults).
 */
export interface LogCollectorServiceMonitorOptions {
  /**
   * How often Prometheus scrapes each collector.
   * @default Duration.seconds(30)
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
   * @default - the recommended labels only
   */
  readonly labels?: { [key: string]: string };
}

/** The ServiceMonitor defaults (the fluent-bit chart sets neither; Prometheus's own default is 1m/10s). */
export const SERVICE_MONITOR_DEFAULTS = { interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10) };

/** What Prometheus (or the API server) would refuse in the options. */
export function serviceMonitorProblems(options: LogCollectorServiceMonitorOptions, property: string): Problem[] {
  const interval = options.interval ?? SERVICE_MONITOR_DEFAULTS.interval;
  const scrapeTimeout = options.scrapeTimeout ?? SERVICE_MONITOR_DEFAULTS.scrapeTimeout;
  const problems: Problem[] = [];
  for (const [name, d] of [['interval', interval], ['scrapeTimeout', scrapeTimeout]] as const) {
    const ms = d.toMilliseconds();
    if (ms % 1000 !== 0 || ms < 1000) {
      problems.push({ property: `${property}.${name}`, value: `${ms / 1000}s`, expected: 'Use a whole number of seconds of at least 1, e.g. Duration.seconds(30).' });
    }
  }
  if (problems.length === 0 && scrapeTimeout.toSeconds() > interval.toSeconds()) {
    problems.push({ property: `${property}.scrapeTimeout`, value: `${scrapeTimeout.toSeconds()}s`, expected: `Prometheus refuses a scrape timeout longer than the interval (${interval.toSeconds()}s): lower scrapeTimeout or raise interval.` });
  }
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    problems.push(...qualifiedNameProblems(`${property}.labels key`, key));
    problems.push(...labelValueProblems(`${property}.labels[${key}]`, value));
  }
  return problems;
}

/** What the ServiceMonitor needs from the collector. */
export interface ServiceMonitorTarget {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selectorLabels: Record<string, string>;
  readonly port: string;
  readonly path: string;
}

/** Adds the ServiceMonitor to `scope`, as a plain object (the library imports no CRD). */
export function addServiceMonitor(scope: Construct, target: ServiceMonitorTarget, options: LogCollectorServiceMonitorOptions): ApiObject {
  return new ApiObject(scope, 'ServiceMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels, ...options.labels } },
    spec: {
      selector: { matchLabels: target.selectorLabels },
      namespaceSelector: { matchNames: [target.namespace] },
      endpoints: [{
        port: target.port,
        path: target.path,
        scheme: 'http',
        interval: `${(options.interval ?? SERVICE_MONITOR_DEFAULTS.interval).toSeconds()}s`,
        scrapeTimeout: `${(options.scrapeTimeout ?? SERVICE_MONITOR_DEFAULTS.scrapeTimeout).toSeconds()}s`,
        // One collector per node: label its series with the node it serves.
        relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }],
      }],
    },
  });
}
