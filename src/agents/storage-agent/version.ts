import { invalid } from '../../base/errors';
import { AgentVersion, RELEASE } from '../agent-version';

/** Where aws-ebs-csi-driver publishes its image (deploy/kubernetes/base/node.yaml pulls from here). */
const EBS_REPOSITORY = 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver';
/** Where kubernetes-csi publishes its sidecars (each sidecar's README). */
const KUBERNETES_CSI_REGISTRY = 'registry.k8s.io/sig-storage';
/** Where AWS publishes its EKS builds of the kubernetes-csi sidecars, which aws-ebs-csi-driver pins. */
const EKS_CSI_REGISTRY = 'public.ecr.aws/csi-components';

/**
 * A release of the AWS EBS CSI driver. The image tag and the `app.kubernetes.io/version` label
 * both derive from it, so the label always says what actually runs.
 *
 * @example
 * AwsEbsCsiDriverVersion.V1_64_0
 * AwsEbsCsiDriverVersion.of('1.64.1')
 */
export class AwsEbsCsiDriverVersion extends AgentVersion {
  /**
   * aws-ebs-csi-driver 1.64.0: the release deploy/kubernetes/base/node.yaml installs at the tag
   * helm-chart-aws-ebs-csi-driver-2.64.0 (the "Release 1.64.0" merge; the v1.64.0 tag itself
   * precedes the commit that moves the manifests to the new image).
   */
  public static readonly V1_64_0 = AwsEbsCsiDriverVersion.of('1.64.0');

  /**
   * Any release, by its version number without the "v" (e.g. "1.64.0"). The image tag gets the
   * "v" that upstream's tags carry.
   */
  public static of(version: string): AwsEbsCsiDriverVersion {
    return new AwsEbsCsiDriverVersion(AgentVersion._release('AwsEbsCsiDriverVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. AwsEbsCsiDriverVersion.of(\'1.64.0\').'));
  }

  private constructor(version: string) {
    super(version, EBS_REPOSITORY, `v${version}`);
  }
}

/** The tag of an EKS build of a kubernetes-csi sidecar: `v<release>-eksbuild.<build>`. */
function eksTag(api: string, version: string, build: number): string {
  if (typeof build !== 'number' || !Number.isInteger(build) || build < 1) {
    throw invalid(api, { property: 'build', value: build, expected: 'Use the EKS build number, a whole number from 1, e.g. 5 for "v2.17.0-eksbuild.5".' });
  }
  return `v${version}-eksbuild.${build}`;
}

/**
 * A release of node-driver-registrar, the sidecar that registers a CSI driver with the kubelet:
 * it serves the registration socket in the kubelet's plugins_registry directory and tells the
 * kubelet where the driver's own socket is.
 *
 * @example
 * NodeDriverRegistrarVersion.V2_17_0
 * NodeDriverRegistrarVersion.eksBuild('2.17.0', 5)
 */
export class NodeDriverRegistrarVersion extends AgentVersion {
  /** node-driver-registrar 2.17.0 from registry.k8s.io/sig-storage, kubernetes-csi's own build. */
  public static readonly V2_17_0 = NodeDriverRegistrarVersion.of('2.17.0');
  /** The EKS build of 2.17.0 that aws-ebs-csi-driver 1.64.0 pins (v2.17.0-eksbuild.5). */
  public static readonly V2_17_0_EKSBUILD_5 = NodeDriverRegistrarVersion.eksBuild('2.17.0', 5);

  /** A kubernetes-csi release from registry.k8s.io/sig-storage, by its number without the "v". */
  public static of(version: string): NodeDriverRegistrarVersion {
    const release = AgentVersion._release('NodeDriverRegistrarVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. NodeDriverRegistrarVersion.of(\'2.17.0\').');
    return new NodeDriverRegistrarVersion(release, KUBERNETES_CSI_REGISTRY, `v${release}`);
  }

  /** An EKS build from public.ecr.aws/csi-components, e.g. `eksBuild('2.17.0', 5)` for v2.17.0-eksbuild.5. */
  public static eksBuild(version: string, build: number): NodeDriverRegistrarVersion {
    const release = AgentVersion._release('NodeDriverRegistrarVersion.eksBuild', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. NodeDriverRegistrarVersion.eksBuild(\'2.17.0\', 5).');
    return new NodeDriverRegistrarVersion(release, EKS_CSI_REGISTRY, eksTag('NodeDriverRegistrarVersion.eksBuild', release, build));
  }

  private constructor(version: string, registry: string, tag: string) {
    super(version, `${registry}/csi-node-driver-registrar`, tag);
  }
}

/**
 * A release of livenessprobe, the sidecar that turns the CSI `Probe` call on the driver's socket
 * into an HTTP /healthz endpoint (port 9808) the kubelet can probe.
 *
 * @example
 * LivenessProbeVersion.V2_19_0
 * LivenessProbeVersion.eksBuild('2.19.0', 5)
 */
export class LivenessProbeVersion extends AgentVersion {
  /** livenessprobe 2.19.0 from registry.k8s.io/sig-storage, kubernetes-csi's own build. */
  public static readonly V2_19_0 = LivenessProbeVersion.of('2.19.0');
  /** The EKS build of 2.19.0 that aws-ebs-csi-driver 1.64.0 pins (v2.19.0-eksbuild.5). */
  public static readonly V2_19_0_EKSBUILD_5 = LivenessProbeVersion.eksBuild('2.19.0', 5);

  /** A kubernetes-csi release from registry.k8s.io/sig-storage, by its number without the "v". */
  public static of(version: string): LivenessProbeVersion {
    const release = AgentVersion._release('LivenessProbeVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. LivenessProbeVersion.of(\'2.19.0\').');
    return new LivenessProbeVersion(release, KUBERNETES_CSI_REGISTRY, `v${release}`);
  }

  /** An EKS build from public.ecr.aws/csi-components, e.g. `eksBuild('2.19.0', 5)` for v2.19.0-eksbuild.5. */
  public static eksBuild(version: string, build: number): LivenessProbeVersion {
    const release = AgentVersion._release('LivenessProbeVersion.eksBuild', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. LivenessProbeVersion.eksBuild(\'2.19.0\', 5).');
    return new LivenessProbeVersion(release, EKS_CSI_REGISTRY, eksTag('LivenessProbeVersion.eksBuild', release, build));
  }

  private constructor(version: string, registry: string, tag: string) {
    super(version, `${registry}/livenessprobe`, tag);
  }
}
