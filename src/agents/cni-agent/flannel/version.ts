import { AgentVersion, RELEASE } from '../../agent-version';

// flannel-cni-plugin tags are the CNI plugins release plus a flannel build suffix, e.g. "v1.9.1-flannel3".
const PLUGIN_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$/;

/** Where upstream publishes flannel (kube-flannel.yml and the chart pull from here). */
const FLANNEL_REPOSITORY = 'ghcr.io/flannel-io/flannel';
/** Where upstream publishes the flannel CNI plugin binary image. */
const FLANNEL_CNI_PLUGIN_REPOSITORY = 'ghcr.io/flannel-io/flannel-cni-plugin';

/**
 * A release of flannel (flanneld). The image tag and the `app.kubernetes.io/version` label both
 * derive from it, so the label always says what actually runs.
 *
 * @example
 * FlannelVersion.V0_28_9
 * FlannelVersion.of('0.28.10')
 */
export class FlannelVersion extends AgentVersion {
  /** flannel 0.28.9: the release kube-flannel.yml and the kube-flannel chart ship. */
  public static readonly V0_28_9 = FlannelVersion.of('0.28.9');

  /**
   * Any release, by its version number without the "v" (e.g. "0.28.9"). The image tag gets the
   * "v" that upstream's tags carry.
   */
  public static of(version: string): FlannelVersion {
    return new FlannelVersion(AgentVersion._release('FlannelVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. FlannelVersion.of(\'0.28.9\').'));
  }

  private constructor(version: string) {
    super(version, FLANNEL_REPOSITORY, `v${version}`);
  }
}

/**
 * A release of the flannel CNI plugin: the `flannel` binary the container runtime calls for
 * every pod, which upstream ships in its own image, apart from flanneld.
 *
 * @example
 * FlannelCniPluginVersion.V1_9_1_FLANNEL3
 * FlannelCniPluginVersion.of('1.9.1-flannel3')
 */
export class FlannelCniPluginVersion extends AgentVersion {
  /** flannel-cni-plugin 1.9.1-flannel3: the release kube-flannel.yml 0.28.9 installs. */
  public static readonly V1_9_1_FLANNEL3 = FlannelCniPluginVersion.of('1.9.1-flannel3');

  /**
   * Any release, by its tag without the "v" (e.g. "1.9.1-flannel3").
   */
  public static of(version: string): FlannelCniPluginVersion {
    return new FlannelCniPluginVersion(AgentVersion._release('FlannelCniPluginVersion.of', version, PLUGIN_VERSION,
      'Use the tag without its "v": "major.minor.patch" with an optional suffix, e.g. FlannelCniPluginVersion.of(\'1.9.1-flannel3\').'));
  }

  private constructor(version: string) {
    super(version, FLANNEL_CNI_PLUGIN_REPOSITORY, `v${version}`);
  }
}
