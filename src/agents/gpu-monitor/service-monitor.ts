/**
 * The prometheus-operator ServiceMonitor for the GPU monitor, emitted as a plain object so the
 * library needs no CRD import. Internal: the agent builds it from its options.
 */
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem } from '../../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../../base/names';

/** What the ServiceMonitor needs from the agent. */
export interface ServiceMonitorSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selectorLabels: Record<string, string>;
  readonly port: string;
  readonly interval: Duration;
  readonly scrapeTimeout: Duration;
  readonly honorLabels: boolean;
}

/** What Prometheus (or the API server) would refuse in the ServiceMonitor settings. */
export function serviceMonitorProblems(
  interval: Duration, scrapeTimeout: Duration, extraLabels: Record<string, string>, property: string): Problem[] {
  const problems: Problem[] = [];
  for (const [name, d] of [['interval', interval], ['scrapeTimeout', scrapeTimeout]] as const) {
    // toSeconds() throws on a fraction; milliseconds show the value as given.
    const ms = d.toMilliseconds();
    if (ms % 1000 !== 0 || ms < 1000) {
      problems.push({ property: `${property}.${name}`, value: `${ms / 1000}s`, expected: 'Use a whole number of seconds of at least 1, e.g. Duration.seconds(15).' });
    }
  }
  if (problems.length === 0 && scrapeTimeout.toSeconds() > interval.toSeconds()) {
    problems.push({ property: `${property}.scrapeTimeout`, value: `${scrapeTimeout.toSeconds()}s`, expected: `Prometheus refuses a scrape timeout longer than the interval (${interval.toSeconds()}s): lower scrapeTimeout or raise interval.` });
  }
  for (const [key, value] of Object.entries(extraLabels)) {
    problems.push(...qualifiedNameProblems(`${property}.labels key`, key));
    problems.push(...labelValueProblems(`${property}.labels[${key}]`, value));
  }
  return problems;
}

/** Adds the ServiceMonitor to `scope`. */
export function addServiceMonitor(scope: Construct, spec: ServiceMonitorSpec): ApiObject {
  return new ApiObject(scope, 'ServiceMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      selector: { matchLabels: spec.selectorLabels },
      namespaceSelector: { matchNames: [spec.namespace] },
      endpoints: [{
        port: spec.port,
        path: '/metrics',
        scheme: 'http',
        interval: `${spec.interval.toSeconds()}s`,
        scrapeTimeout: `${spec.scrapeTimeout.toSeconds()}s`,
        honorLabels: spec.honorLabels,
      }],
    },
  });
}
