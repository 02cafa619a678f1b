import { AgentVersion } from '../agent-version';

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
export class FluentBitVersion extends AgentVersion {
  /** Fluent Bit 5.1.1, the appVersion of the fluent-bit Helm chart 0.58.1. */
  public static readonly V5_1_1 = FluentBitVersion.of('5.1.1');

  /**
   * Any Fluent Bit release, by its tag (e.g. "5.2.0", or "5.1.1-debug" for the image with a shell).
   * The configuration this library writes uses the YAML format, which Fluent Bit reads since 3.2.
   */
  public static of(version: string): FluentBitVersion {
    return new FluentBitVersion(AgentVersion._release('FluentBitVersion.of', version, VERSION,
      'Use a release tag "MAJOR.MINOR.PATCH" with an optional variant suffix, e.g. "5.1.1" or "5.1.1-debug"; a moving tag like "latest" would change every node at once.'));
  }

  private constructor(version: string) {
    // Upstream's tags are the release itself, without a "v".
    super(version, FLUENT_BIT_REPOSITORY, version);
  }
}
