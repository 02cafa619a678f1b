import { invalid } from '../../base/errors';
import { isString } from '../../validation/guards';
import { checkCall } from '../agent-guards';
/** Where upstream publishes the image (the fluent-bit chart's registry). */
const FLUENT_BIT_REPOSITORY = 'cr.fluentbit.io/fluent/fluent-bit';
// A Fluent Bit release tag: "5.1.1", optionally with a variant suffix ("5.1.1-debug" adds a shell).
const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;

/**
 * The Fluent Bit release the log collector runs. The version pins the image tag and becomes the
 * `app.kubernetes.io/version` label, so the YAML says what runs on every node.
 *
 * @example
 * FluentBitVersion.V5_1_1
 * FluentBitVersion.of('5.2.0')
 */
export class FluentBitVersion {
  /** Fluent Bit 5.1.1, the appVersion of the fluent-bit Helm chart 0.58.1. */
  public static readonly V5_1_1 = FluentBitVersion.of('5.1.1');

  /**
   * Any Fluent Bit release, by its tag (e.g. "5.2.0", or "5.1.1-debug" for the image with a shell).
   * The configuration this library writes uses the YAML format, which Fluent Bit reads since 3.2.
   */
  public static of(version: string): FluentBitVersion {
    if (typeof version !== 'string' || !VERSION.test(version)) {
      throw invalid('FluentBitVersion.of', { property: 'version', value: version, expected: 'Use a release tag "MAJOR.MINOR.PATCH" with an optional variant suffix, e.g. "5.1.1" or "5.1.1-debug"; a moving tag like "latest" would change every node at once.' });
    }
    return new FluentBitVersion(version);
  }

  private constructor(
    /** The release, e.g. "5.1.1" (the image tag and the `app.kubernetes.io/version` label). */
    public readonly version: string) {}

  /** The upstream image, e.g. "cr.fluentbit.io/fluent/fluent-bit:5.1.1". */
  public get image(): string {
    return this.imageFrom(FLUENT_BIT_REPOSITORY);
  }

  /**
   * The image from another repository that mirrors upstream's tags, e.g.
   * "registry.example.com/fluent/fluent-bit" in an air-gapped cluster.
   */
  public imageFrom(repository: string): string {
    checkCall('FluentBitVersion.imageFrom', isString(repository, 'repository'));
    return `${repository}:${this.version}`;
  }
}
