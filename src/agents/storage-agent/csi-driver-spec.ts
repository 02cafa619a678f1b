/**
 * The spec of the `CSIDriver` object (storage.k8s.io/v1): how Kubernetes treats a driver's
 * volumes. Each field is typed as the API defines it (k8s.io/api storage/v1 types.go) and
 * checked as pkg/apis/storage/validation ValidateCSIDriver checks it.
 */
import { Duration } from 'cdk8s';
import { Problem } from '../../base/errors';
import { isBoolean, isString, listOf, oneOf, optional, Schema, struct } from '../../validation/guards';
import { isDuration } from '../../validation/plus-schemas';

/** Whether the kubelet changes a volume's ownership and permissions to the pod's fsGroup. */
export enum FsGroupPolicy {
  /** Only for a ReadWriteOnce volume with an fsType (the API's default). */
  READ_WRITE_ONCE_WITH_FS_TYPE = 'ReadWriteOnceWithFSType',
  /** Always, whatever the access mode: for drivers whose volumes are ordinary filesystems. */
  FILE = 'File',
  /** Never: the volume is mounted as the driver leaves it. */
  NONE = 'None',
}

/** How a pod gets a volume of the driver. */
export enum VolumeLifecycleMode {
  /** Through a PersistentVolume (and a PersistentVolumeClaim). */
  PERSISTENT = 'Persistent',
  /** Inline in the pod spec (`csi:` volumes), living and dying with the pod. */
  EPHEMERAL = 'Ephemeral',
}

/** A service-account token the kubelet passes to the driver on NodePublishVolume. */
export interface CsiTokenRequest {
  /** The token's audience; "" for the API server's own audience. */
  readonly audience: string;
  /**
   * How long the token is valid: at least 10 minutes, at most 2^32 seconds.
   * @default - the TokenRequest API's default, one hour
   */
  readonly expiration?: Duration;
}

/** The runtime shape of CsiTokenRequest. */
export const CSI_TOKEN_REQUEST_SCHEMA: Schema<CsiTokenRequest> = {
  audience: isString,
  expiration: optional(isDuration),
};

/**
 * The `CSIDriver` object's spec. Every field is written out, the API's defaults included, so the
 * YAML says how Kubernetes treats the driver; `attachRequired` and `volumeLifecycleModes` are
 * immutable once the object exists (replace the object to change them).
 */
export interface CsiDriverSpec {
  /**
   * The driver attaches volumes to nodes (ControllerPublishVolume), so Kubernetes creates a
   * VolumeAttachment and waits for the attach before mounting.
   * @default true
   */
  readonly attachRequired?: boolean;
  /**
   * The kubelet passes the pod's name, namespace, UID and service account to NodePublishVolume.
   * @default false
   */
  readonly podInfoOnMount?: boolean;
  /**
   * Whether the kubelet applies the pod's fsGroup to the driver's volumes.
   * @default FsGroupPolicy.READ_WRITE_ONCE_WITH_FS_TYPE
   */
  readonly fsGroupPolicy?: FsGroupPolicy;
  /**
   * How pods may use the driver's volumes.
   * @default [VolumeLifecycleMode.PERSISTENT]
   */
  readonly volumeLifecycleModes?: VolumeLifecycleMode[];
  /**
   * The kubelet calls NodePublishVolume periodically (e.g. to refresh tokens or secrets).
   * @default false
   */
  readonly requiresRepublish?: boolean;
  /**
   * The driver publishes CSIStorageCapacity objects, and the scheduler considers them.
   * @default false
   */
  readonly storageCapacity?: boolean;
  /**
   * The driver mounts volumes with an SELinux context (`-o context=`), so the runtime need not
   * relabel every file. Only when the driver and every node support it. Written only when set:
   * the field is younger than the other ones, behind a feature gate on older clusters.
   * @default - unset (false)
   */
  readonly seLinuxMount?: boolean;
  /**
   * Service-account tokens the kubelet passes to NodePublishVolume, one per audience.
   * @default - none
   */
  readonly tokenRequests?: CsiTokenRequest[];
  /**
   * How often the kubelet refreshes the node's attachable-volume count from the driver
   * (NodeGetInfo), at least 10 seconds. Kubernetes reads it only with the
   * MutableCSINodeAllocatableCount feature gate, alpha in 1.33 and off by default until 1.35
   * (pkg/features/kube_features.go), and drops it otherwise.
   * @default - unset (the count is read once, when the driver registers)
   */
  readonly nodeAllocatableUpdatePeriod?: Duration;
}

/** The runtime shape of CsiDriverSpec. */
export const CSI_DRIVER_SPEC_SCHEMA: Schema<CsiDriverSpec> = {
  attachRequired: optional(isBoolean),
  podInfoOnMount: optional(isBoolean),
  fsGroupPolicy: optional(oneOf(FsGroupPolicy, 'FsGroupPolicy')),
  volumeLifecycleModes: optional(listOf(oneOf(VolumeLifecycleMode, 'VolumeLifecycleMode'))),
  requiresRepublish: optional(isBoolean),
  storageCapacity: optional(isBoolean),
  seLinuxMount: optional(isBoolean),
  tokenRequests: optional(listOf(struct(CSI_TOKEN_REQUEST_SCHEMA, 'CsiTokenRequest'))),
  nodeAllocatableUpdatePeriod: optional(isDuration),
};

/** The API server's limits on a token's lifetime (validateTokenRequests). */
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;
/** validateNodeAllocatableUpdatePeriodSeconds. */
const MIN_UPDATE_PERIOD_SECONDS = 10;

/** Whole seconds of a duration, or undefined when it is not a whole number of them. */
function wholeSeconds(duration: Duration): number | undefined {
  const millis = duration.toMilliseconds({ integral: false });
  return Number.isInteger(millis / 1000) ? millis / 1000 : undefined;
}

/** What the API server would refuse in the spec, named under `property`. */
export function csiDriverSpecProblems(property: string, spec: CsiDriverSpec): Problem[] {
  const problems: Problem[] = [];
  const modes = spec.volumeLifecycleModes ?? [VolumeLifecycleMode.PERSISTENT];
  if (modes.length === 0) {
    // The API server would store [Persistent] instead, and GitOps would see a difference forever.
    problems.push({ property: `${property}.volumeLifecycleModes`, value: modes, expected: 'List at least one mode, e.g. [VolumeLifecycleMode.PERSISTENT], or leave it out for Persistent.' });
  } else if (new Set(modes).size !== modes.length) {
    problems.push({ property: `${property}.volumeLifecycleModes`, value: modes, expected: 'List each mode once, e.g. [VolumeLifecycleMode.PERSISTENT, VolumeLifecycleMode.EPHEMERAL].' });
  }
  const audiences = new Set<string>();
  (spec.tokenRequests ?? []).forEach((request, i) => {
    if (audiences.has(request.audience)) {
      problems.push({ property: `${property}.tokenRequests[${i}].audience`, value: request.audience, expected: 'Kubernetes accepts one token request per audience: drop the duplicate.' });
    }
    audiences.add(request.audience);
    if (request.expiration === undefined) return;
    const seconds = wholeSeconds(request.expiration);
    if (seconds === undefined || seconds < MIN_TOKEN_SECONDS || seconds > MAX_TOKEN_SECONDS) {
      problems.push({ property: `${property}.tokenRequests[${i}].expiration`, value: request.expiration.toHumanString(), expected: 'Use whole seconds from 10 minutes to 2^32 seconds, e.g. Duration.hours(1).' });
    }
  });
  if (spec.nodeAllocatableUpdatePeriod !== undefined) {
    const seconds = wholeSeconds(spec.nodeAllocatableUpdatePeriod);
    if (seconds === undefined || seconds < MIN_UPDATE_PERIOD_SECONDS) {
      problems.push({ property: `${property}.nodeAllocatableUpdatePeriod`, value: spec.nodeAllocatableUpdatePeriod.toHumanString(), expected: 'Use whole seconds of 10 or more, e.g. Duration.seconds(10).' });
    }
  }
  return problems;
}

/** The spec as the API reads it: the defaults written out, the optional fields only when set. */
export function renderCsiDriverSpec(spec: CsiDriverSpec): Record<string, unknown> {
  return {
    attachRequired: spec.attachRequired ?? true,
    podInfoOnMount: spec.podInfoOnMount ?? false,
    fsGroupPolicy: spec.fsGroupPolicy ?? FsGroupPolicy.READ_WRITE_ONCE_WITH_FS_TYPE,
    volumeLifecycleModes: spec.volumeLifecycleModes ?? [VolumeLifecycleMode.PERSISTENT],
    requiresRepublish: spec.requiresRepublish ?? false,
    storageCapacity: spec.storageCapacity ?? false,
    seLinuxMount: spec.seLinuxMount,
    tokenRequests: spec.tokenRequests?.map(t => ({
      audience: t.audience,
      expirationSeconds: t.expiration !== undefined ? wholeSeconds(t.expiration) : undefined,
    })),
    nodeAllocatableUpdatePeriodSeconds: spec.nodeAllocatableUpdatePeriod !== undefined ? wholeSeconds(spec.nodeAllocatableUpdatePeriod) : undefined,
  };
}
