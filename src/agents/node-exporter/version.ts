import { invalid } from '../../base/errors';
import { isString } from '../../validation/guards';
import { checkCall } from '../agent-guards';
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

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
export class NodeExporterVersion {
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
    if (typeof version !== 'string' || !SEMVER.test(version)) {
      throw invalid('NodeExporterVersion.of', { property: 'version', value: version, expected: 'Use a release number "major.minor.patch" without a "v", e.g. NodeExporterVersion.of(\'1.12.1\').' });
    }
    return new NodeExporterVersion(version);
  }

  private constructor(
    /** The version number, e.g. "1.12.1" (the `app.kubernetes.io/version` label). */
    public readonly version: string) {}

  /** The upstream image, e.g. "quay.io/prometheus/node-exporter:v1.12.1". */
  public get image(): string {
    return this.imageFrom(NODE_EXPORTER_REPOSITORY);
  }

  /**
   * The image from another repository that mirrors upstream's tags, e.g.
   * "registry.example.com/prometheus/node-exporter".
   */
  public imageFrom(repository: string): string {
    checkCall('NodeExporterVersion.imageFrom', isString(repository, 'repository'));
    return `${repository}:v${this.version}`;
  }
}
