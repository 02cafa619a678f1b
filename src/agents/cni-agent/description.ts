/**
 * A CNI as the CNI agent renders it: every container, path, port, probe, permission and file the
 * CNI needs, each privilege with its reason, all defaults already filled in. Each implementation
 * (flannel/, custom.ts, and a folder per CNI beside them) builds one from its own options;
 * CniAgentDaemonSet renders whichever it is given. Internal: users describe a CNI through
 * CniImplementation's factories.
 */
import { Container, ContainerResources, DnsPolicy, EnvValue, IServiceAccount, SeccompProfileType } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CniConfig } from './cni-config';
import { CniInitStep } from './init-step';
import { CniApiAccess, CniHostPath, CniPort } from './node-access';
import { CniPrivileges } from './privileges';
import { Problem } from '../../base/errors';
import type { NodeAgent } from '../../base/node-agent';
import { ContainerProbes } from '../../base/probes';
import type { SyncWave } from '../../gitops/sync-wave';
import { ManagedSetting } from '../agent-base';

/** A CNI plugin binary to copy from an image into the node's /opt/cni/bin. */
export interface CniPluginBinary {
  /** The image holding the binary (pinned); it needs `cp` (and `sh` when it holds several binaries to install). */
  readonly image: string;
  /** The binary's absolute path inside the image, e.g. "/flannel" or "/opt/cni/bin/calico". */
  readonly path: string;
  /**
   * The file name under /opt/cni/bin: what the conflist's plugin `type` names.
   * @default - the last part of `path`
   */
  readonly name?: string;
}

/** How an init container puts the configuration list on the node: the command and its arguments. */
export interface ConfigInstall {
  readonly command: string[];
  readonly args: string[];
}

/** A CNI, described for the CNI agent to render. */
export interface CniDescription {
  /** The application name (`app.kubernetes.io/name`), the default instance, and the agent container's name unless `containerName` says otherwise. */
  readonly name: string;
  /** The agent container's name when it is not `name` (Cilium's DaemonSet "cilium" runs "cilium-agent"). */
  readonly containerName?: string;
  /** The version label. */
  readonly version: string;
  /** The namespace of the agent's objects, unless the user gives one; undefined for the agent's default (kube-flannel). */
  readonly namespace?: string;
  /** The agent image (it also runs the configuration installer). */
  readonly image: string;
  /** The agent's command, or undefined for the image's entrypoint. */
  readonly command?: string[];
  /** The agent's arguments, before the user's `extraArgs`. */
  readonly args: string[];
  /** Environment variables of the agent container, which `extraEnv` may not replace. */
  readonly env: { [name: string]: EnvValue };
  /** The flags of the agent's command line that `extraArgs` may not set again, and why. */
  readonly managedFlags: Record<string, ManagedSetting>;
  /** The agent container's capabilities, or privileged mode, with the reasons. */
  readonly privileges: CniPrivileges;
  /**
   * The reason the agent may run privileged when the user asks for it (`privileged: true`)
   * without the CNI needing it; without one, the user's own justification is required.
   */
  readonly privilegedOnRequest?: string;
  /** Node paths the agent container mounts (after the ConfigMap), in order. */
  readonly hostPaths: CniHostPath[];
  /** Ports of the agent container (node ports, with hostNetwork). */
  readonly ports: CniPort[];
  /** The agent container's probes. */
  readonly probes: ContainerProbes;
  /** The init steps, in order, the agent's installers included where the CNI needs them. */
  readonly initSteps: CniInitStep[];
  /** Plugin binaries the agent's installer copies to the node. */
  readonly plugins: CniPluginBinary[];
  /** The configuration list the agent's installer writes to the node. */
  readonly cniConfig: CniConfig;
  /** Its file name in /etc/cni/net.d. */
  readonly cniConfigFileName: string;
  /**
   * The CNI's own atomic installer of a configuration without placeholders (flannel's
   * install-conf), or undefined for the agent's shell installer.
   */
  readonly configInstall?: (source: string, target: string) => ConfigInstall;
  /** More files for the agent, in its ConfigMap beside the configuration list. */
  readonly configFiles: { [fileName: string]: string };
  /** Where the ConfigMap's files are mounted. */
  readonly configDirectory: string;
  /** The agent's API permissions, or undefined for none (and no token). */
  readonly access?: CniApiAccess;
  /** Why the pod shares the node's PID namespace, or undefined when it does not. */
  readonly hostPidJustification?: string;
  /** The agent container's default requests and limits, or undefined for the CNI agent's (sized for flannel). */
  readonly resources?: ContainerResources;
  /** The pod's DNS policy, or undefined for the node agent's (ClusterFirstWithHostNet on the host network). */
  readonly dnsPolicy?: DnsPolicy;
  /** The pod's seccomp profile, or undefined for RuntimeDefault; `extend` justifies an unconfined one. */
  readonly seccompProfile?: SeccompProfileType;
  /**
   * What the CNI adds once the agent is built, for what a description cannot say (Cilium's
   * operator and ConfigMap beside the agent, fields cdk8s-plus cannot write). Every privilege it
   * adds must be justified there too: synth refuses one that is not.
   */
  readonly extend?: (agent: CniAgentParts, props: CniExtendProps) => void;
  /** What only this CNI checks in its own options, under the agent's `property`. */
  readonly problems: (property: string) => Problem[];
}

/**
 * The built agent as a CNI's `extend` hook sees it: an interface the CniAgentDaemonSet satisfies,
 * so that descriptions never import the agent construct that imports them.
 */
export interface CniAgentParts extends IConstruct {
  readonly daemonSet: NodeAgent;
  readonly container: Container;
  readonly namespace: string;
  readonly serviceAccount: IServiceAccount;
}

/** The agent's props an `extend` hook reads. */
export interface CniExtendProps {
  readonly syncWave?: SyncWave;
  readonly imagePullSecrets?: string[];
}
