import { invalid } from '../../base/errors';
import { instanceOf, optional } from '../../validation/guards';
import { checkCall } from '../agent-guards';
import { AgentVersion } from '../agent-version';

const DEFAULT_REPOSITORY = 'nvcr.io/nvidia/k8s/dcgm-exporter';
const SEMVER = /^[0-9]+\.[0-9]+\.[0-9]+$/;
const TAG_COMPONENT = /^[a-z0-9]+([._][a-z0-9]+)*$/;

/**
 * The base image flavour of a dcgm-exporter build: the last part of its tag
 * (`<DCGM version>-<exporter version>-<variant>`).
 */
export class DcgmExporterVariant {
  /** The distroless build: no shell or package manager, the smallest attack surface. */
  public static readonly DISTROLESS = new DcgmExporterVariant('distroless');
  /** The Ubuntu 22.04 build (has a shell, for debugging). */
  public static readonly UBUNTU22_04 = new DcgmExporterVariant('ubuntu22.04');
  /** The Red Hat UBI 9 build. */
  public static readonly UBI9 = new DcgmExporterVariant('ubi9');

  /** A variant NVIDIA publishes that has no constant here, e.g. `DcgmExporterVariant.of('ubuntu24.04')`. */
  public static of(name: string): DcgmExporterVariant {
    if (typeof name !== 'string' || !TAG_COMPONENT.test(name)) {
      throw invalid('DcgmExporterVariant.of()', { property: 'name', value: name, expected: 'Use the last part of an NVIDIA tag: lowercase letters and digits separated by "." or "_", e.g. "distroless" or "ubuntu22.04".' });
    }
    return new DcgmExporterVariant(name);
  }

  private constructor(
    /** The variant as written in the image tag. */
    public readonly name: string) {}
}

/**
 * A pinned NVIDIA dcgm-exporter image. NVIDIA tags each build with the DCGM library it embeds
 * and the exporter release, e.g. `4.5.3-4.8.2-distroless`; the exporter release is the
 * application version (`app.kubernetes.io/version`).
 *
 * @example
 * DcgmExporterVersion.V4_8_2
 * DcgmExporterVersion.of('4.5.3', '4.8.2', DcgmExporterVariant.UBI9)
 * DcgmExporterVersion.fromTag('4.5.3-4.8.2-distroless')
 */
export class DcgmExporterVersion extends AgentVersion {
  /**
   * Exporter 4.8.2 with DCGM 4.5.3, distroless: the tag the dcgm-exporter chart 4.8.2 ships
   * (NVIDIA/dcgm-exporter deployment/values.yaml).
   */
  public static readonly V4_8_2 = DcgmExporterVersion.of('4.5.3', '4.8.2');

  /**
   * A build by its DCGM and exporter versions ("x.y.z" each).
   * @param dcgmVersion the DCGM library version, e.g. "4.5.3"
   * @param exporterVersion the dcgm-exporter release, e.g. "4.8.2"
   * @param variant the base image flavour; default DcgmExporterVariant.DISTROLESS
   */
  public static of(dcgmVersion: string, exporterVersion: string, variant?: DcgmExporterVariant): DcgmExporterVersion {
    checkCall('DcgmExporterVersion.of()', optional(instanceOf(DcgmExporterVariant, 'DcgmExporterVariant.UBI9'))(variant, 'variant'));
    for (const [property, value] of [['dcgmVersion', dcgmVersion], ['exporterVersion', exporterVersion]]) {
      if (typeof value !== 'string' || !SEMVER.test(value)) {
        throw invalid('DcgmExporterVersion.of()', { property, value, expected: 'Use a release number "x.y.z" without a "v", e.g. DcgmExporterVersion.of(\'4.5.3\', \'4.8.2\').' });
      }
    }
    return new DcgmExporterVersion(dcgmVersion, exporterVersion, variant ?? DcgmExporterVariant.DISTROLESS);
  }

  /** A build by its full NVIDIA tag, e.g. "4.5.3-4.8.2-distroless". */
  public static fromTag(tag: string): DcgmExporterVersion {
    const parts = typeof tag === 'string' ? /^([^-]+)-([^-]+)-(.+)$/.exec(tag) : null;
    if (!parts || !SEMVER.test(parts[1]) || !SEMVER.test(parts[2]) || !TAG_COMPONENT.test(parts[3])) {
      throw invalid('DcgmExporterVersion.fromTag()', { property: 'tag', value: tag, expected: 'Use NVIDIA\'s "<DCGM version>-<exporter version>-<variant>", e.g. "4.5.3-4.8.2-distroless".' });
    }
    return new DcgmExporterVersion(parts[1], parts[2], DcgmExporterVariant.of(parts[3]));
  }

  /** The DCGM library version embedded in the image. */
  public readonly dcgmVersion: string;
  /** The dcgm-exporter release (also `version`, the `app.kubernetes.io/version` label). */
  public readonly exporterVersion: string;
  /** The base image flavour. */
  public readonly variant: DcgmExporterVariant;

  private constructor(dcgmVersion: string, exporterVersion: string, variant: DcgmExporterVariant) {
    // The label names the exporter release; the tag names the whole build.
    super(exporterVersion, DEFAULT_REPOSITORY, `${dcgmVersion}-${exporterVersion}-${variant.name}`);
    this.dcgmVersion = dcgmVersion;
    this.exporterVersion = exporterVersion;
    this.variant = variant;
  }
}
