import { Container, HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { Problem } from './errors';
import { dnsLabelProblems } from './names';
import { isBoolean, isString, optional, Schema } from '../validation/guards';

/** Where and how a node directory or file is mounted into an agent container. */
export interface HostPathMountOptions {
  /** The volume name (a DNS-1123 label), unique within the pod. */
  readonly name: string;
  /** The absolute path on the node. */
  readonly hostPath: string;
  /**
   * The absolute path inside the container.
   * @default - the same as `hostPath`
   */
  readonly mountPath?: string;
  /**
   * What must exist at `hostPath` (checked by the kubelet before the pod starts).
   * @default HostPathVolumeType.DEFAULT (no check)
   */
  readonly type?: HostPathVolumeType;
  /**
   * Mount read-only. Host mounts are read-only unless the agent must write there: a writable
   * host mount is how a compromised agent persists on the node.
   * @default true
   */
  readonly readOnly?: boolean;
  /**
   * How mounts made later on either side propagate. `HOST_TO_CONTAINER` lets the agent see
   * filesystems mounted on the node after it started (what node-exporter needs for `/`);
   * `BIDIRECTIONAL` also propagates the agent's mounts to the node and requires a privileged container.
   * @default MountPropagation.NONE
   */
  readonly propagation?: MountPropagation;
  /**
   * Why the agent needs this node path, recorded for the privilege report.
   * @default - unjustified (the report flags it)
   */
  readonly justification?: string;
}

const HOST_PATH_TYPES: readonly string[] = Object.values(HostPathVolumeType);
const PROPAGATIONS: readonly string[] = Object.values(MountPropagation);

/** What the API server (or the kubelet, at pod start) would refuse in a host mount. */
export function hostPathMountProblems(options: HostPathMountOptions, container: Container): Problem[] {
  const problems = dnsLabelProblems('hostPath volume name', options.name);
  problems.push(...absolutePathProblems('hostPath', options.hostPath));
  if (options.mountPath !== undefined) problems.push(...absolutePathProblems('mountPath', options.mountPath));
  // TypeScript callers cannot pass anything else; JavaScript callers can, and the API server refuses it.
  if (options.type !== undefined && !HOST_PATH_TYPES.includes(options.type)) {
    problems.push({ property: 'hostPath type', value: options.type, expected: `Use a HostPathVolumeType (${HOST_PATH_TYPES.filter(t => t !== '').join(', ')}), e.g. HostPathVolumeType.DIRECTORY_OR_CREATE, or leave it unset for no check.` });
  }
  if (options.propagation !== undefined && !PROPAGATIONS.includes(options.propagation)) {
    problems.push({ property: `mountPropagation of ${options.hostPath}`, value: options.propagation, expected: 'Use MountPropagation.NONE, HOST_TO_CONTAINER or BIDIRECTIONAL.' });
  }
  const privileged = container.securityContext.privileged;
  if (options.propagation === MountPropagation.BIDIRECTIONAL && !privileged) {
    problems.push({
      property: `mountPropagation of ${options.hostPath}`,
      value: options.propagation,
      expected: `Kubernetes accepts Bidirectional propagation only in a privileged container, and container "${container.name}" is not privileged: use MountPropagation.HOST_TO_CONTAINER, or make the container privileged (securityContext: { privileged: true }) if it must publish mounts to the node.`,
    });
  }
  return problems;
}

function absolutePathProblems(property: string, path: string): Problem[] {
  if (!path.startsWith('/')) {
    return [{ property, value: path, expected: 'Use an absolute path, starting with "/", e.g. "/var/log".' }];
  }
  // Most paths hold no "..": they are split only when they might have one as a segment.
  if (path.includes('..') && path.split('/').includes('..')) {
    return [{ property, value: path, expected: 'Kubernetes refuses ".." in host and mount paths: write the resolved absolute path.' }];
  }
  return [];
}

/** The runtime shape of HostPathMountOptions (enum values are checked with the values above). */
export const HOST_PATH_MOUNT_OPTIONS_SCHEMA: Schema<HostPathMountOptions> = {
  name: isString,
  hostPath: isString,
  mountPath: optional(isString),
  type: optional(isString),
  readOnly: optional(isBoolean),
  propagation: optional(isString),
  justification: optional(isString),
};
