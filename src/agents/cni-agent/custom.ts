import { EnvValue } from 'cdk8s-plus-28';
import { absolutePathProblems, configFileProblems, hostPathProblems, initStepProblems, pluginProblems, probesProblems } from './checks';
import { CniConfig } from './cni-config';
import { CniDescription, CniPluginBinary } from './description';
import { CNI_INIT_STEP_GUARD, CniInitStep } from './init-step';
import {
  CNI_API_ACCESS_SCHEMA, CNI_HOST_PATH_SCHEMA, CNI_PORT_SCHEMA, CniApiAccess, CniHostPath, CniPort, cniPortProblems, justificationTextProblems,
} from './node-access';
import { CniPrivileges } from './privileges';
import { envNameProblems, labelValueProblems } from '../../base/names';
import { CONTAINER_PROBES_SCHEMA, ContainerProbes } from '../../base/probes';
import { instanceOf, isString, listOf, mapOf, optional, Schema, struct } from '../../validation/guards';
import { isEnvValue } from '../../validation/plus-schemas';

/** A CNI plugin binary's runtime shape. */
export const CNI_PLUGIN_BINARY_SCHEMA: Schema<CniPluginBinary> = {
  image: isString,
  path: isString,
  name: optional(isString),
};

/**
 * Any network agent, described by what the CNI agent needs to run it. Every privilege comes with
 * the reason written here: nothing is inherited from another CNI.
 */
export interface CustomCniProps {
  /** The application name (`app.kubernetes.io/name`) and the agent container's name, e.g. "kube-router". */
  readonly name: string;
  /**
   * The agent image, pinned. The configuration installer runs in it too, so it needs `sh`, `cp`
   * and `mv` (the file is written beside its target and renamed over it, never half-written),
   * and `sed`, plus `base64`, `tr` and `cat` for a kubeconfig, when the configuration holds
   * placeholders (CniConfigValue).
   */
  readonly image: string;
  /** The version the image runs (`app.kubernetes.io/version`). */
  readonly version: string;
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
   * Environment variables of the agent, beside NODE_NAME, POD_NAME and POD_NAMESPACE (which the
   * CNI agent sets); `extraEnv` may not replace them.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * The agent's capabilities, or privileged mode, each with its reason.
   * @default CniPrivileges.capabilities([]) (every capability dropped)
   */
  readonly privileges?: CniPrivileges;
  /** The CNI configuration list installed on each node; its placeholders (CniConfigValue) are filled there. */
  readonly cniConfig: CniConfig;
  /**
   * The file name in /etc/cni/net.d. The runtime uses the first file in lexical order, hence
   * the number in front.
   * @default - "10-<name>.conflist"
   */
  readonly cniConfigFileName?: string;
  /**
   * CNI plugin binaries to install into /opt/cni/bin, from their images' own paths (a path under
   * /opt/cni/bin in the image is fine: the node's directory is then mounted at /host/opt/cni/bin).
   * @default - none (the node or an init container of the CNI's own provides the plugins)
   */
  readonly plugins?: CniPluginBinary[];
  /**
   * The init containers, in the order they run: the CNI's own (CniInitStep.container) and the
   * agent's installers (CniInitStep.installPlugins, CniInitStep.installConfig) where the CNI needs them.
   * @default - [CniInitStep.installPlugins() (with plugins), CniInitStep.installConfig()]
   */
  readonly initContainers?: CniInitStep[];
  /**
   * More files for the agent, kept in the ConfigMap and mounted read-only at `configDirectory`.
   * @default - none
   */
  readonly configFiles?: { [fileName: string]: string };
  /**
   * Where the ConfigMap's files are mounted in the agent (and in the installer).
   * @default - "/etc/<name>"
   */
  readonly configDirectory?: string;
  /**
   * Node paths the agent mounts, each with its reason.
   * @default - none
   */
  readonly hostPaths?: CniHostPath[];
  /**
   * Ports the agent listens on (ports of the node: the agent runs in its network namespace), each with its reason.
   * @default - none
   */
  readonly ports?: CniPort[];
  /**
   * The agent's probes, of any kind (AgentProbe).
   * @default - no probes
   */
  readonly probes?: ContainerProbes;
  /**
   * The agent's Kubernetes API permissions, with the reason.
   * @default - none: no ClusterRole, and no token mounted
   */
  readonly access?: CniApiAccess;
  /**
   * Share the node's PID namespace (hostPID), for this reason: an agent that must see or enter
   * the node's processes (nsenter into PID 1's mount namespace, as Cilium's mount-cgroup does).
   * @default - the pod keeps a PID namespace of its own
   */
  readonly hostPidJustification?: string;
}

/** The runtime shape of CustomCniProps. */
export const CUSTOM_CNI_PROPS_SCHEMA: Schema<CustomCniProps> = {
  name: isString,
  image: isString,
  version: isString,
  command: optional(listOf(isString)),
  args: optional(listOf(isString)),
  env: optional(mapOf(isEnvValue)),
  privileges: optional(instanceOf(CniPrivileges, 'CniPrivileges.capabilities([{ capability: Capability.NET_ADMIN, justification: \'...\' }])')),
  cniConfig: instanceOf(CniConfig, 'CniConfig.fromObject({ name, cniVersion, plugins: [...] })'),
  cniConfigFileName: optional(isString),
  plugins: optional(listOf(struct(CNI_PLUGIN_BINARY_SCHEMA, 'CniPluginBinary'))),
  initContainers: optional(listOf(CNI_INIT_STEP_GUARD)),
  configFiles: optional(mapOf(isString)),
  configDirectory: optional(isString),
  hostPaths: optional(listOf(struct(CNI_HOST_PATH_SCHEMA, 'CniHostPath'))),
  ports: optional(listOf(struct(CNI_PORT_SCHEMA, 'CniPort'))),
  probes: optional(struct(CONTAINER_PROBES_SCHEMA, 'ContainerProbes')),
  access: optional(struct(CNI_API_ACCESS_SCHEMA, 'CniApiAccess')),
  hostPidJustification: optional(isString),
};

/** The CNI the props describe, defaults filled in; its problems named as the props name them. */
export function describeCustom(props: CustomCniProps): CniDescription {
  const plugins = (props.plugins ?? []).map(p => ({ ...p }));
  const initSteps = props.initContainers ?? [...(plugins.length > 0 ? [CniInitStep.installPlugins()] : []), CniInitStep.installConfig()];
  const privileges = props.privileges ?? CniPrivileges.capabilities([]);
  const configFiles = { ...props.configFiles };
  const cniConfigFileName = props.cniConfigFileName ?? `10-${props.name}.conflist`;
  const configDirectory = props.configDirectory ?? `/etc/${props.name}`;
  const hostPaths = [...(props.hostPaths ?? [])];
  const ports = [...(props.ports ?? [])];
  const probes = { ...props.probes };
  return {
    name: props.name,
    version: props.version,
    image: props.image,
    namespace: props.name,
    command: props.command,
    args: [...(props.args ?? [])],
    env: { ...props.env },
    managedFlags: Object.fromEntries((props.args ?? []).filter(a => a.startsWith('-')).map(a => [a.split('=')[0], {
      reason: 'the implementation\'s args set it', prop: 'the args of CniImplementation.custom()',
    }])),
    privileges,
    hostPaths,
    ports,
    probes,
    initSteps,
    plugins,
    cniConfig: props.cniConfig,
    cniConfigFileName,
    configFiles,
    configDirectory,
    access: props.access,
    hostPidJustification: props.hostPidJustification,
    problems: property => [
      ...labelValueProblems(`${property}.version`, props.version),
      ...envNameProblems(`${property}.env`, Object.keys(props.env ?? {})),
      ...privileges._problems(`${property}.privileges`),
      ...props.cniConfig._problems(`${property}.cniConfig`),
      ...configFileProblems(property, cniConfigFileName, configFiles),
      ...absolutePathProblems(`${property}.configDirectory`, configDirectory),
      ...pluginProblems(`${property}.plugins`, plugins),
      ...initStepProblems(`${property}.initContainers`, initSteps, plugins.length > 0),
      // The agent's own `privileged: true` also allows Bidirectional mounts: checked by the agent.
      ...hostPathProblems(`${property}.hostPaths`, hostPaths, true, ''),
      ...cniPortProblems(`${property}.ports`, ports),
      ...probesProblems(`${property}.probes`, probes),
      ...(props.access ? justificationTextProblems(`${property}.access.justification`, props.access.justification, 'its API permissions') : []),
      ...(props.hostPidJustification !== undefined ? justificationTextProblems(`${property}.hostPidJustification`, props.hostPidJustification, 'the node\'s PID namespace') : []),
    ],
  };
}
