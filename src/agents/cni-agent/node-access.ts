/**
 * What a CNI takes from the node and the cluster beyond its container: node paths, node ports
 * and API permissions, each with the reason the CNI's author gives for it.
 */
import { HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { AccessRule } from '../../base/access';
import { Problem } from '../../base/errors';
import { portNameProblems, portNumberProblems } from '../../base/names';
import { instanceOf, isBoolean, isString, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { port } from '../agent-guards';

/**
 * A node directory or file a CNI container mounts, e.g. /sys/fs/bpf, /var/run/calico,
 * /var/lib/cni, /run/xtables.lock (FileOrCreate), /proc/sys/net, the cgroup hierarchy.
 */
export interface CniHostPath {
  /** The volume name (a DNS-1123 label); containers mounting the same name share the volume. */
  readonly name: string;
  /** The absolute path on the node. */
  readonly hostPath: string;
  /**
   * The absolute path inside the container.
   * @default - the same as `hostPath`
   */
  readonly mountPath?: string;
  /**
   * What must exist at `hostPath` (the kubelet checks it before the pod starts).
   * @default HostPathVolumeType.DEFAULT (no check)
   */
  readonly type?: HostPathVolumeType;
  /**
   * Mount read-only: a writable host mount is how a compromised agent persists on the node.
   * @default true
   */
  readonly readOnly?: boolean;
  /**
   * How mounts made later propagate. `BIDIRECTIONAL` (mounting bpffs or cgroup2 for the node)
   * needs a privileged container: `CniPrivileges.privileged('why')`, or `privileged: true` on the agent.
   * @default MountPropagation.NONE
   */
  readonly propagation?: MountPropagation;
  /** Why the CNI needs this node path, shown by the privilege report. */
  readonly justification: string;
}

/** The runtime shape of CniHostPath. */
export const CNI_HOST_PATH_SCHEMA: Schema<CniHostPath> = {
  name: isString,
  hostPath: isString,
  mountPath: optional(isString),
  type: optional(oneOf(HostPathVolumeType, 'HostPathVolumeType')),
  readOnly: optional(isBoolean),
  propagation: optional(oneOf(MountPropagation, 'MountPropagation')),
  justification: isString,
};

/** A port the CNI agent listens on; with hostNetwork it is a port of the node. */
export interface CniPort {
  /** The port name (an IANA service name), e.g. "healthz". */
  readonly name: string;
  /** The port number. */
  readonly port: number;
  /** Why the agent holds this port of the node, shown by the privilege report. */
  readonly justification: string;
}

/** The runtime shape of CniPort. */
export const CNI_PORT_SCHEMA: Schema<CniPort> = {
  name: isString,
  port: port(9099),
  justification: isString,
};

/** The Kubernetes API permissions of the CNI agent (and of its plugin, through a kubeconfig). */
export interface CniApiAccess {
  /** The rules of its ClusterRole: least privilege, wildcards only with `allowWildcards`. */
  readonly rules: AccessRule[];
  /** Why the CNI needs them, shown by the privilege report. */
  readonly justification: string;
}

/** The runtime shape of CniApiAccess. */
export const CNI_API_ACCESS_SCHEMA: Schema<CniApiAccess> = {
  rules: listOf(instanceOf(AccessRule, 'AccessRule.read(ApiResource.NODES)')),
  justification: isString,
};

/** A reason the privilege report can show: not blank. */
export function justificationTextProblems(property: string, text: string, what: string): Problem[] {
  if (text.trim() !== '') return [];
  return [{ property, value: text, expected: `Say why the CNI needs ${what}, in a sentence a reviewer can check.` }];
}

/** What the API server refuses in the CNI's ports, or two ports of one number. */
export function cniPortProblems(property: string, ports: readonly CniPort[]): Problem[] {
  const problems: Problem[] = [];
  ports.forEach((p, i) => {
    problems.push(...portNameProblems(`${property}[${i}].name`, p.name), ...portNumberProblems(`${property}[${i}].port`, p.port));
    problems.push(...justificationTextProblems(`${property}[${i}].justification`, p.justification, `port ${p.port} of the node`));
    if (ports.findIndex(q => q.port === p.port || q.name === p.name) < i) {
      problems.push({ property: `${property}[${i}]`, value: `${p.name}/${p.port}`, expected: 'Each port name and number may be declared once: drop the repeated one.' });
    }
  });
  return problems;
}
