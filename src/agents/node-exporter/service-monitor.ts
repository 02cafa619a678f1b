import { Duration } from 'cdk8s';

/**
 * Options for the prometheus-operator ServiceMonitor of a node-exporter. Giving them asks for
 * the ServiceMonitor (`serviceMonitor: true` asks for it with these defaults).
 */
export interface NodeExporterServiceMonitorOptions {
  /**
   * How often Prometheus scrapes each node.
   * @default Duration.seconds(15) (kube-prometheus)
   */
  readonly interval?: Duration;
  /**
   * How long one scrape may take; at most `interval`.
   * @default Duration.seconds(10) (the prometheus-node-exporter chart)
   */
  readonly scrapeTimeout?: Duration;
  /**
   * Extra labels on the ServiceMonitor, for a Prometheus whose `serviceMonitorSelector` selects
   * on them (e.g. `{ release: 'kube-prometheus-stack' }`).
   * @default - the agent's recommended labels only
   */
  readonly labels?: { [key: string]: string };
  /**
   * Label each series' `instance` with the node name instead of the `<node IP>:<port>` address,
   * as kube-prometheus does: dashboards and alerts then name the node, and the series survive
   * a node IP change.
   * @default true
   */
  readonly instanceFromNodeName?: boolean;
}
