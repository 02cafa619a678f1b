import { AgentVersion, RELEASE } from '../../agent-version';

/** Where Project Calico publishes its images (manifests/calico.yaml at v3.32.1 pulls all three from here). */
const CALICO_REGISTRY = 'quay.io/calico';

/**
 * A release of Calico. One release names three images built together, which must run at the
 * same version: calico/node (the agent), calico/cni (the plugin binaries and their installer)
 * and calico/kube-controllers. The `app.kubernetes.io/version` label and every tag derive from
 * it, so the label always says what actually runs.
 *
 * @example
 * CalicoVersion.V3_32_1
 * CalicoVersion.of('3.32.2')
 */
export class CalicoVersion extends AgentVersion {
  /** Calico 3.32.1: the release whose manifests/calico.yaml this library's Calico is compared with. */
  public static readonly V3_32_1 = CalicoVersion.of('3.32.1');

  /**
   * Any release, by its version number without the "v" (e.g. "3.32.1"). The image tags get the
   * "v" that upstream's tags carry. Calico's CRDs change between releases: a release other than
   * 3.32.1 needs its own (`CalicoCrds.fromFile`).
   */
  public static of(version: string): CalicoVersion {
    return new CalicoVersion(AgentVersion._release('CalicoVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. CalicoVersion.of(\'3.32.1\').'));
  }

  private constructor(version: string) {
    super(version, `${CALICO_REGISTRY}/node`, `v${version}`);
  }

  /** The calico/cni image: the plugin binaries, the IPAM upgrade and the installer (install-cni). */
  public get cniImage(): string {
    return `${CALICO_REGISTRY}/cni:${this.tag}`;
  }

  /** The calico/kube-controllers image. */
  public get kubeControllersImage(): string {
    return `${CALICO_REGISTRY}/kube-controllers:${this.tag}`;
  }
}
