import { ContainerResources, EnvValue } from 'cdk8s-plus-28';
import { CNI_HOST_PATH_SCHEMA, CniHostPath } from './node-access';
import { CniPrivileges } from './privileges';
import { instanceOf, isBoolean, isString, listOf, mapOf, optional, Schema, struct } from '../../validation/guards';
import { isContainerResources, isEnvValue } from '../../validation/plus-schemas';
import { checkCall, optionsProblems } from '../agent-guards';

/** An init container of the CNI's own, e.g. Calico's upgrade-ipam or Cilium's mount-cgroup. */
export interface CniInitContainerProps {
  /** The container name (a DNS-1123 label), unique in the pod. */
  readonly name: string;
  /** The image, pinned (the agent's `imageRegistry` mirrors it too). */
  readonly image: string;
  /**
   * The command.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * The arguments.
   * @default - none
   */
  readonly args?: string[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Capabilities or privileged mode, each with its reason.
   * @default CniPrivileges.capabilities([]) (every capability dropped)
   */
  readonly privileges?: CniPrivileges;
  /**
   * Node paths it mounts, each with its reason.
   * @default - none
   */
  readonly hostPaths?: CniHostPath[];
  /**
   * Keep the image's filesystem read-only; turn off for an image that writes into its own
   * filesystem (a script unpacking a binary before it copies it to the node, for one).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Requests and limits.
   * @default - cpu 10m and memory 16Mi requested, a 64Mi memory limit (what copying files takes)
   */
  readonly resources?: ContainerResources;
  /**
   * Why it runs as root on the node (every CNI container does: the node paths it writes are
   * root-owned), shown by the privilege report.
   */
  readonly justification: string;
}

/** The runtime shape of CniInitContainerProps. */
export const CNI_INIT_CONTAINER_PROPS_SCHEMA: Schema<CniInitContainerProps> = {
  name: isString,
  image: isString,
  command: optional(listOf(isString)),
  args: optional(listOf(isString)),
  env: optional(mapOf(isEnvValue)),
  privileges: optional(instanceOf(CniPrivileges, 'CniPrivileges.capabilities([])')),
  hostPaths: optional(listOf(struct(CNI_HOST_PATH_SCHEMA, 'CniHostPath'))),
  readOnlyRootFilesystem: optional(isBoolean),
  resources: optional(isContainerResources),
  justification: isString,
};

/** Which step an init step is: one of the CNI's own containers, or one of the agent's installers. */
export enum CniInitStepKind {
  /** An init container of the CNI's own. */
  CONTAINER = 'container',
  /** The agent's installer of the plugin binaries (`plugins`) into the node's /opt/cni/bin. */
  INSTALL_PLUGINS = 'install-plugins',
  /** The agent's installer of the configuration list (`cniConfig`) into the node's /etc/cni/net.d. */
  INSTALL_CONFIG = 'install-config',
}

/**
 * One step of the pod's start, in the order the CNI needs: an init container of the CNI's own,
 * or one of the agent's two installers, placed where the CNI needs its binaries and its
 * configuration on the node (Cilium installs its binaries last; Calico's IPAM upgrade runs before
 * anything is installed). Init containers run one after the other, each to completion.
 *
 * @example
 * [CniInitStep.container({ name: 'mount-bpffs', ... }), CniInitStep.installPlugins(), CniInitStep.installConfig()]
 */
export class CniInitStep {
  /** An init container of the CNI's own. */
  public static container(props: CniInitContainerProps): CniInitStep {
    checkCall('CniInitStep.container', optionsProblems(props, 'props', CNI_INIT_CONTAINER_PROPS_SCHEMA, 'CniInitContainerProps', true));
    return new CniInitStep(CniInitStepKind.CONTAINER, { ...props });
  }

  /** The agent's installer of the plugin binaries: one init container per image holding them. */
  public static installPlugins(): CniInitStep {
    return new CniInitStep(CniInitStepKind.INSTALL_PLUGINS);
  }

  /** The agent's installer of the configuration list, filling its placeholders (CniConfigValue) on each node. */
  public static installConfig(): CniInitStep {
    return new CniInitStep(CniInitStepKind.INSTALL_CONFIG);
  }

  private constructor(
    /** Which step this is. */
    public readonly kind: CniInitStepKind,
    /** The container, for a step of the CNI's own. */
    public readonly containerProps?: CniInitContainerProps) {}
}

/** A CniInitStep (checked where a list of steps is given). */
export const CNI_INIT_STEP_GUARD = instanceOf(CniInitStep, 'CniInitStep.installConfig()');
