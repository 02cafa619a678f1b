import { AgentVersion, RELEASE } from '../agent-version';

/** Where upstream publishes the node-exporter image (the chart's and kube-prometheus's registry). */
const NODE_EXPORTER_REPOSITORY = 'quay.io/prometheus/node-exporter';

/**
 * A release of Prometheus node-exporter. The image tag and the `app.kubernetes.io/version`
 * label both derive from it, so the label always says what actually runs.
 *
 * @example
 * NodeExporterVersion.V1_12_1
 * NodeExporterVersion.of('1.12.2')
 */
export class NodeExporterVersion extends AgentVersion {
  /**
   * node-exporter 1.12.1: the release the prometheus-node-exporter chart (4.56.1) and
   * kube-prometheus ship.
   */
  public static readonly V1_12_1 = NodeExporterVersion.of('1.12.1');

  /**
   * Any release, by its version number without the "v" (e.g. "1.12.2"). The image tag gets
   * the "v" that upstream's tags carry.
   */
  public static of(version: string): NodeExporterVersion {
    return new NodeExporterVersion(AgentVersion._release('NodeExporterVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. NodeExporterVersion.of(\'1.12.1\').'));
  }

  private constructor(version: string) {
    super(version, NODE_EXPORTER_REPOSITORY, `v${version}`);
  }
}
