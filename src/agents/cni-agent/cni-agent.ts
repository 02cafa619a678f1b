import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import {
  ApiResource, Capability, ConfigMap, Container, ContainerSecurityContextProps, HostPathVolumeType, Probe, Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AGENT_DEFAULTS, DEFAULTS } from './defaults';
import { CniImplementation } from './implementation';
import { AccessRule, ApiVerb } from '../../base/access';
import { DownwardApi } from '../../base/downward-api';
import { Problem } from '../../base/errors';
import { Privilege } from '../../base/privileges';
import { checkConstruction, instanceOf, isBoolean, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { isDuration } from '../../validation/plus-schemas';
import { AgentBase } from '../agent-base';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';

/**
 * Properties of a CNI agent.
 *
 * The shared options default, for this agent, to: `namespace` "kube-flannel"; `instance` the
 * implementation's name ("flannel"); `nodeSelection` `NodeSelection.linux()`; `tolerations`
 * `[Toleration.everything()]`; `updateStrategy` a rolling update of one node at a time;
 * `priorityClassName` "system-node-critical"; `resources` requests cpu 100m and memory 50Mi, a
 * memory limit of 256Mi and no CPU limit; `syncWave` SyncWave.NETWORK (defaults.ts says why each).
 */
export interface CniAgentDaemonSetProps extends AgentOptions {
  /**
   * The network agent to run.
   * @default CniImplementation.flannel()
   */
  readonly implementation?: CniImplementation;
  /**
   * Run the agent privileged: all capabilities, every device, no seccomp. Only for agents that
   * need more than their capabilities give (loading kernel modules, mounting bpffs, publishing
   * mounts to the node with Bidirectional propagation, which Kubernetes allows only to privileged
   * containers). Replaces `capabilities`. Also mounts the node's /lib/modules read-only, for
   * modprobe (as `Capability.SYS_MODULE` in `capabilities` does); an agent that cannot load
   * modules gets no such mount.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * The Linux capabilities added to the agent's container; every other one is dropped. NET_ADMIN
   * and NET_RAW come with a justification; justify any other with
   * `daemonSet.justify(Privilege.capability('X'), 'why')`, or the privilege report flags it.
   * @default [Capability.NET_ADMIN, Capability.NET_RAW]
   */
  readonly capabilities?: Capability[];
  /**
   * How long a stopping agent may take after SIGTERM before it is killed.
   * @default Duration.seconds(5)
   */
  readonly terminationGracePeriod?: Duration;
}

/** The runtime shape of CniAgentDaemonSetProps, checked before anything reads them. */
export const CNI_AGENT_PROPS_SCHEMA: Schema<CniAgentDaemonSetProps> = {
  ...AGENT_OPTIONS_SCHEMA,
  implementation: optional(instanceOf(CniImplementation, 'CniImplementation.flannel()')),
  privileged: optional(isBoolean),
  capabilities: optional(listOf(oneOf(Capability, 'Capability'))),
  terminationGracePeriod: optional(isDuration),
};

/**
 * A CNI agent: the DaemonSet that gives every node its pod network. flannel by default,
 * installed as kube-flannel.yml installs it (init containers copy the CNI plugin binary and the
 * CNI configuration onto the node, then flanneld runs in the node's network namespace), with
 * its defaults tightened where users hit trouble: every taint tolerated, one node at a time,
 * capabilities dropped but the two it needs, a memory limit, a short grace period.
 *
 * The CNI configuration is installed atomically (written beside its target, then renamed over
 * it), as flannel's install-conf does since flannel-io/flannel PR #2466, so the container
 * runtime never reads a half-written file.
 *
 * Objects: DaemonSet, ServiceAccount, ClusterRole and ClusterRoleBinding (Nodes), ConfigMap.
 * Every privilege the agent takes is justified on the DaemonSet for the privilege report.
 *
 * @example
 * new CniAgentDaemonSet(chart, 'cni', {
 *   implementation: CniImplementation.flannel({ podCidr: '10.42.0.0/16' }),
 * });
 */
export class CniAgentDaemonSet extends AgentBase {
  /** The init container that installs the CNI configuration list into /etc/cni/net.d. */
  public readonly cniConfigInstaller: Container;
  /** The init container that copies the plugin binary into /opt/cni/bin, if there is a plugin. */
  public readonly cniPluginInstaller?: Container;
  /** The ConfigMap holding the CNI configuration and the agent's own configuration files. */
  public readonly configMap: ConfigMap;
  /** The network agent. */
  public readonly implementation: CniImplementation;

  public constructor(scope: Construct, id: string, props: CniAgentDaemonSetProps = {}) {
    checkConstruction(scope, id, props, CNI_AGENT_PROPS_SCHEMA, 'CniAgentDaemonSet');
    const impl = props.implementation ?? CniImplementation.flannel();
    super(scope, id, props, { name: impl.name, component: 'cni', version: impl.version }, AGENT_DEFAULTS);
    this.implementation = impl;
    const privileged = props.privileged ?? DEFAULTS.privileged;
    const capabilities = [...new Set(props.capabilities ?? DEFAULTS.capabilities)];
    const gracePeriod = props.terminationGracePeriod ?? DEFAULTS.terminationGracePeriod;
    const data: Record<string, string> = { [DEFAULTS.cniConfigKey]: impl.cniConfig.render(), ...impl.configFiles };

    this._deploy({
      problems: [
        ...impl._problems('implementation'),
        ...wholeSecondsProblems('terminationGracePeriod', gracePeriod),
        ...capabilityProblems(capabilities, privileged, props.capabilities !== undefined),
      ],
      instanceNamesService: false,
      daemonSet: {
        // A changed configuration must reach the agents: the template changes, so pods roll.
        podMetadata: { annotations: { 'checksum/config': checksum(data) } },
        // The network agent cannot depend on the pod network it creates: it runs in the node's
        // network namespace, where it creates the VXLAN device, routes and iptables rules.
        hostNetwork: true,
        terminationGracePeriod: gracePeriod,
        access: [
          AccessRule.read(ApiResource.NODES),
          ...(impl.patchesNodeStatus ? [AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' }))] : []),
        ],
      },
      container: {
        name: impl.name,
        image: impl.image,
        command: impl.command,
        args: impl.args,
        envVariables: {
          // flannel finds its Node by NODE_NAME; without it, it reads its own Pod (POD_NAME,
          // POD_NAMESPACE) for spec.nodeName, which would need `get pods` (flannel
          // pkg/subnet/kube/kube.go). The downward API gives the name without that permission.
          NODE_NAME: DownwardApi.nodeName(),
          POD_NAME: DownwardApi.podName(),
          POD_NAMESPACE: DownwardApi.podNamespace(),
        },
        ports: impl.health ? [{ number: impl.health.port, name: 'healthz' }] : undefined,
        liveness: impl.health ? Probe.fromHttpGet(impl.health.livenessPath ?? '/healthz', {
          port: impl.health.port,
          initialDelaySeconds: DEFAULTS.liveness.initialDelay,
          periodSeconds: DEFAULTS.liveness.period,
        }) : undefined,
        readiness: impl.health ? Probe.fromHttpGet(impl.health.readinessPath ?? '/readyz', {
          port: impl.health.port,
          initialDelaySeconds: DEFAULTS.readiness.initialDelay,
          periodSeconds: DEFAULTS.readiness.period,
        }) : undefined,
        securityContext: agentSecurity(privileged, capabilities),
      },
      env: {
        // One value for every pod would make every node act as that node: with flannel, claim its subnet.
        NODE_NAME: { reason: 'the downward API gives each pod its own node\'s name, by which the agent finds its Node and subnet' },
        POD_NAME: { reason: 'the downward API gives each pod its own name' },
        POD_NAMESPACE: { reason: 'the downward API gives each pod its own namespace' },
      },
      flags: impl._managedFlags,
    });
    const ds = this.daemonSet;
    ds.justify(Privilege.HOST_NETWORK, 'The network agent builds the node\'s pod network (devices, routes, iptables rules in the node\'s network namespace) and cannot depend on the pod network it creates.');
    ds.justify(Privilege.API_ACCESS, impl.patchesNodeStatus
      ? 'Watches Nodes (get/list/watch) to learn every node\'s pod subnet and address for routing, and patches its own Node\'s status (nodes/status) to publish its lease (flannel --kube-subnet-mgr keeps it in Node annotations).'
      : 'Watches Nodes (get/list/watch) to learn every node\'s pod subnet and address for routing.');

    this.configMap = new ConfigMap(this, 'Config', {
      metadata: { name: `${this.instance}-config`, namespace: this.namespace, labels: ds.labels },
      data,
    });
    const configVolume = Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });

    if (impl.plugin) {
      const target = `${DEFAULTS.cniBinDirectory}/${impl.pluginName}`;
      this.cniPluginInstaller = ds.addInitContainer({
        name: 'install-cni-plugin',
        image: impl.plugin.image,
        command: ['cp'],
        args: ['-f', impl.plugin.path, target],
        resources: DEFAULTS.installerResources,
        securityContext: INSTALLER_SECURITY,
      });
      ds.mountHostPath(this.cniPluginInstaller, {
        name: 'cni-bin',
        hostPath: DEFAULTS.cniBinDirectory,
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: false,
        justification: `The container runtime runs CNI plugins from the node's ${DEFAULTS.cniBinDirectory}; the install-cni-plugin init container copies ${impl.pluginName} there, so only it mounts the directory, writable. Created if missing on a fresh node.`,
      });
      ds.justify(Privilege.runAsRoot('install-cni-plugin'), `Writes into the node's root-owned ${DEFAULTS.cniBinDirectory}; it runs only cp, with every capability dropped and a read-only root filesystem.`);
    }

    const install = impl._configInstall(`${impl.configDirectory}/${DEFAULTS.cniConfigKey}`, `${DEFAULTS.cniConfDirectory}/${impl.cniConfigFileName}`);
    this.cniConfigInstaller = ds.addInitContainer({
      name: 'install-cni',
      image: impl.image,
      command: install.command,
      args: install.args,
      resources: DEFAULTS.installerResources,
      securityContext: INSTALLER_SECURITY,
    });
    this.cniConfigInstaller.mount(impl.configDirectory, configVolume, { readOnly: true });
    ds.mountHostPath(this.cniConfigInstaller, {
      name: 'cni-conf',
      hostPath: DEFAULTS.cniConfDirectory,
      type: HostPathVolumeType.DIRECTORY_OR_CREATE,
      readOnly: false,
      justification: `The container runtime reads the pod network's configuration from the node's ${DEFAULTS.cniConfDirectory}; the install-cni init container writes ${impl.cniConfigFileName} there, so only it mounts the directory, writable. Created if missing on a fresh node.`,
    });
    ds.justify(Privilege.runAsRoot('install-cni'), `Writes into the node's root-owned ${DEFAULTS.cniConfDirectory}; it only copies the file beside its target and renames it over it, with every capability dropped and a read-only root filesystem.`);

    this.justifyAgentPrivileges(privileged, capabilities);
    if (Object.keys(impl.configFiles).length > 0) this.container.mount(impl.configDirectory, configVolume, { readOnly: true });

    if (impl.stateDirectory !== undefined) {
      ds.mountHostPath(this.container, {
        name: 'state',
        hostPath: impl.stateDirectory,
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: false,
        justification: `The agent writes its node's network lease to ${impl.stateDirectory} (flannel: subnet.env), where the CNI plugin, run by the container runtime on the node, reads it for every pod.`,
      });
    }
    ds.mountHostPath(this.container, {
      name: 'xtables-lock',
      hostPath: DEFAULTS.xtablesLock,
      type: HostPathVolumeType.FILE_OR_CREATE,
      readOnly: false,
      justification: 'The iptables lock every iptables user on the node takes (kube-proxy too); sharing the node\'s file keeps their rule updates from clobbering each other. Writable because taking the lock opens it for writing.',
    });
    // Only a process that may load modules (privileged, or with SYS_MODULE) has a use for them;
    // kube-flannel.yml mounts none, and the kernel loads the netfilter and VXLAN modules itself
    // when the unprivileged agent asks for them.
    if (privileged || capabilities.includes(Capability.SYS_MODULE)) {
      ds.mountHostPath(this.container, {
        name: 'lib-modules',
        hostPath: DEFAULTS.kernelModules,
        justification: `The node's kernel modules, read-only, for modprobe: the agent can load modules (${privileged ? 'privileged: true' : 'SYS_MODULE'}), e.g. WireGuard or an IPVS scheduler the node has not loaded.`,
      });
    }
  }

  private justifyAgentPrivileges(privileged: boolean, capabilities: Capability[]): void {
    const ds = this.daemonSet;
    const name = this.container.name;
    ds.justify(Privilege.runAsRoot(name), 'The agent programs the node\'s network stack and writes root-owned node files; its capabilities only take effect for uid 0, as Kubernetes grants no ambient capabilities to other users.');
    if (privileged) {
      ds.justify(Privilege.privileged(name), 'Set explicitly (privileged: true): this agent needs more than its capabilities give, e.g. loading kernel modules or publishing mounts to the node (Bidirectional propagation).');
    } else {
      if (capabilities.includes(Capability.NET_ADMIN)) {
        ds.justify(Privilege.capability(Capability.NET_ADMIN), 'Creates the overlay device (flannel.1), programs routes, neighbour and FDB entries and iptables masquerade/forward rules on the node.');
      }
      if (capabilities.includes(Capability.NET_RAW)) {
        ds.justify(Privilege.capability(Capability.NET_RAW), 'iptables reads and replaces the kernel\'s rule tables through a raw socket; without it the agent cannot install its masquerade and forward rules.');
      }
    }
    if (this.implementation.health) {
      ds.justify(Privilege.hostPort(this.implementation.health.port), 'With hostNetwork the health endpoint listens on the node\'s port; declaring it lets the kubelet probe it and keeps a second agent from starting on the same node.');
    }
  }
}

/**
 * The installers run as root (the node's CNI directories are root-owned) but need nothing else:
 * `cp` writes only into the mounted host directory.
 */
const INSTALLER_SECURITY: ContainerSecurityContextProps = {
  ensureNonRoot: false,
  user: 0,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: [Capability.ALL] },
};

function agentSecurity(privileged: boolean, capabilities: Capability[]): ContainerSecurityContextProps {
  return {
    ensureNonRoot: false,
    user: 0,
    // The flannel image's iptables wrapper picks legacy or nft mode on first use by rewriting the
    // iptables symlinks in the image (kubernetes-sigs/iptables-wrappers), so the root
    // filesystem stays writable, as upstream leaves it.
    readOnlyRootFilesystem: false,
    privileged,
    // Kubernetes refuses allowPrivilegeEscalation: false on a privileged container.
    allowPrivilegeEscalation: privileged,
    // Upstream adds NET_ADMIN and NET_RAW to the runtime's default set; dropping the rest leaves
    // the agent only what networking needs. A privileged container has them all anyway.
    capabilities: privileged ? undefined : { drop: [Capability.ALL], add: capabilities.length > 0 ? capabilities : undefined },
  };
}

function capabilityProblems(capabilities: Capability[], privileged: boolean, explicit: boolean): Problem[] {
  if (privileged && explicit) {
    return [{ property: 'capabilities', value: capabilities, expected: 'A privileged container has every capability: drop capabilities, or set privileged: false to grant only these.' }];
  }
  if (capabilities.includes(Capability.ALL)) {
    return [{ property: 'capabilities', value: capabilities, expected: 'Adding ALL is privileged in all but name: list the capabilities the agent needs (e.g. [Capability.NET_ADMIN, Capability.NET_RAW]), or set privileged: true.' }];
  }
  return [];
}

function wholeSecondsProblems(property: string, duration: Duration): Problem[] {
  let seconds: number | undefined;
  try {
    seconds = duration.toSeconds();
  } catch {
    seconds = undefined;
  }
  if (seconds !== undefined && Number.isInteger(seconds) && seconds >= 0) return [];
  return [{ property, value: duration.toHumanString(), expected: 'Kubernetes counts it in whole seconds: use Duration.seconds(n) with n a whole number of 0 or more, e.g. Duration.seconds(5).' }];
}

/** sha256 of the configuration, keys sorted so the annotation depends on content only. */
function checksum(data: Record<string, string>): string {
  const sorted = Object.keys(data).sort().map(k => [k, data[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

