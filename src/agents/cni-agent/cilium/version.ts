import { AgentVersion } from '../../agent-version';

/** Where Cilium publishes the agent image (the chart's `image.repository`). */
const CILIUM_REPOSITORY = 'quay.io/cilium/cilium';
/** Where Cilium publishes the generic operator, the one for clusters without a cloud IPAM (the chart's `operator.image`). */
const OPERATOR_REPOSITORY = 'quay.io/cilium/operator-generic';

// Only 1.20 patch releases: the pod spec, the ConfigMap keys and the RBAC emitted are the 1.20
// chart's, and another minor release renders a different set (init containers, keys, CRDs).
const CILIUM_1_20 = /^1\.20\.(0|[1-9][0-9]*)$/;

/**
 * A release of Cilium: the agent (cilium-agent and its init containers, one image) and the
 * operator, which Cilium releases together. The pinned constant carries the digests the chart
 * pins (cilium/install/kubernetes/cilium/values.yaml at v1.20.0), so a re-pushed tag cannot
 * change what runs; `of()` gives the tags alone.
 *
 * @example
 * CiliumVersion.V1_20_0
 * CiliumVersion.of('1.20.1')
 */
export class CiliumVersion extends AgentVersion {
  /** Cilium 1.20.0, the release whose chart the pod spec, ConfigMap and RBAC follow. */
  public static readonly V1_20_0 = new CiliumVersion('1.20.0',
    'sha256:383968cd5e8873f7976fa76aa6196045643558f4cc9518a207b9335cb24a0e93',
    'sha256:80744a8cc7c91c2f9e6347629406844eb35d79b30a732c6d41c15b17232a74f3');

  /**
   * A 1.20 patch release, by its number without the "v" (e.g. "1.20.1"), pulled by tag.
   */
  public static of(version: string): CiliumVersion {
    return new CiliumVersion(AgentVersion._release('CiliumVersion.of', version, CILIUM_1_20,
      'Use a Cilium 1.20 release number "1.20.<patch>" without a "v", e.g. CiliumVersion.of(\'1.20.0\'): the objects emitted are those of the 1.20 chart.'));
  }

  /** Where the operator image is published. */
  public readonly operatorRepository: string;
  /**
   * The agent image's digest, pulled by it beside the tag.
   * @default - none: the tag alone
   */
  public readonly digest?: string;
  /**
   * The operator image's digest.
   * @default - none: the tag alone
   */
  public readonly operatorDigest?: string;

  private constructor(version: string, digest?: string, operatorDigest?: string) {
    super(version, CILIUM_REPOSITORY, `v${version}`);
    this.operatorRepository = OPERATOR_REPOSITORY;
    this.digest = digest;
    this.operatorDigest = operatorDigest;
  }

  /** The agent image, `<repository>:<tag>` and `@<digest>` when pinned. */
  public get image(): string {
    return withDigest(`${this.repository}:${this.tag}`, this.digest);
  }

  /** The operator image, `<operatorRepository>:<tag>` and `@<operatorDigest>` when pinned. */
  public get operatorImage(): string {
    return withDigest(`${this.operatorRepository}:${this.tag}`, this.operatorDigest);
  }
}

function withDigest(reference: string, digest: string | undefined): string {
  return digest === undefined ? reference : `${reference}@${digest}`;
}
