/**
 * The ServiceMonitor's spec and its checks. Internal: the construct emits it as a plain
 * `monitoring.coreos.com/v1` object, so the library needs neither the CRD nor its import.
 */
import { Duration } from 'cdk8s';
import { Problem } from '../../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../../base/names';

/** The ServiceMonitor options with the construct's defaults filled in. */
export interface ServiceMonitorSettings {
  readonly interval: Duration;
  readonly scrapeTimeout: Duration;
  readonly labels: Record<string, string>;
  readonly instanceFromNodeName: boolean;
}

/** A Prometheus duration ("15s", "1500ms"). */
function prometheusDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function durationProblems(property: string, d: Duration): Problem[] {
  const ms = d.toMilliseconds({ integral: false });
  if (Number.isInteger(ms) && ms > 0) return [];
  return [{ property, value: `${ms}ms`, expected: 'Use a positive whole number of milliseconds, e.g. Duration.seconds(15).' }];
}

/** What Prometheus or the API server would refuse in the options. */
export function serviceMonitorProblems(o: ServiceMonitorSettings): Problem[] {
  const interval = o.interval;
  const timeout = o.scrapeTimeout;
  const problems = [
    ...durationProblems('serviceMonitorOptions.interval', interval),
    ...durationProblems('serviceMonitorOptions.scrapeTimeout', timeout),
  ];
  for (const [key, value] of Object.entries(o.labels)) {
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

/** The ServiceMonitor spec: scrape the Service's metrics port on every endpoint (every node). */
export function serviceMonitorSpec(o: ServiceMonitorSettings, selectorLabels: Record<string, string>, portName: string): any {
  const relabelings = o.instanceFromNodeName ? [{
    action: 'replace',
    regex: '(.*)',
    replacement: '$1',
    sourceLabels: ['__meta_kubernetes_pod_node_name'],
    targetLabel: 'instance',
  }] : undefined;
  return {
    // job="node-exporter", the selector the node-exporter mixin's alerts and dashboards use.
    jobLabel: 'app.kubernetes.io/name',
    selector: { matchLabels: { ...selectorLabels } },
    endpoints: [{
      port: portName,
      scheme: 'http',
      path: '/metrics',
      interval: prometheusDuration(o.interval),
      scrapeTimeout: prometheusDuration(o.scrapeTimeout),
      relabelings,
    }],
  };
}
