import { AgentVersion, RELEASE } from '../agent-version';

/**
 * Where upstream publishes Falco: the distroless image with the modern eBPF probe built into the
 * binary and no driver toolchain (falcosecurity/falco docker/README.md at 0.44.1; the Falco chart
 * 9.1.0 pulls it from here).
 */
const FALCO_REPOSITORY = 'docker.io/falcosecurity/falco';
/**
 * The driver loader that downloads or builds the kernel module, tagged like Falco (the chart's
 * `driver.loader.initContainer.image`, whose tag defaults to the chart's appVersion).
 */
const DRIVER_LOADER_REPOSITORY = 'docker.io/falcosecurity/falco-driver-loader';

/**
 * A release of Falco. The image tag, the driver loader's tag (for the kernel-module driver) and
 * the `app.kubernetes.io/version` label all derive from it, so the label says what runs.
 *
 * @example
 * FalcoVersion.V0_44_1
 * FalcoVersion.of('0.44.2')
 */
export class FalcoVersion extends AgentVersion {
  /**
   * Falco 0.44.1: the release the Falco chart 9.1.0 ships (appVersion), with the falco-rules
   * 5.1.0 default rules and the container plugin 0.7.1 in the image.
   */
  public static readonly V0_44_1 = FalcoVersion.of('0.44.1');

  /** Any release, by its version number as Falco tags its images (no "v"), e.g. "0.44.1". */
  public static of(version: string): FalcoVersion {
    return new FalcoVersion(AgentVersion._release('FalcoVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. FalcoVersion.of(\'0.44.1\').'));
  }

  private constructor(version: string) {
    super(version, FALCO_REPOSITORY, version);
  }

  /** The driver loader image of the same release, which the kernel-module driver runs first. */
  public get driverLoaderImage(): string {
    return `${DRIVER_LOADER_REPOSITORY}:${this.tag}`;
  }
}
