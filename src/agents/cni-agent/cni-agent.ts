import { Duration } from 'cdk8s';
import { Capability, ConfigMap, Container, HostPathVolumeType, MountPropagation, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { cniAlerts } from './alerts';
import { CniConfigValueKind } from './config-value';
import { AGENT_DEFAULTS, DEFAULTS } from './defaults';
import { CniDescription } from './description';
import { CniImplementation } from './implementation';
import { CniInitContainerProps, CniInitStepKind } from './init-step';
import { atomicShellInstall, pluginInstallers, templatingInstall } from './installers';
import { CniPrivileges } from './privileges';
import { capabilityProblems, capabilityReasons, cniSecurity, ContainerReasons, INSTALLER_SECURITY } from './security';
import { unjustifiedPrivilegeProblems } from './unjustified';
import { DownwardApi } from '../../base/downward-api';
import { Problem } from '../../base/errors';
import { dnsLabelProblems } from '../../base/names';
import { Privilege } from '../../base/privileges';
import { sha256 } from '../../base/sha256';
import { checkConstruction, instanceOf, isBoolean, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { isDuration } from '../../validation/plus-schemas';
import { AgentBase } from '../agent-base';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';

/**
 * Properties of a CNI agent.
 *
 * The shared options default, for this agent, to: `namespace` the implementation's ("kube-flannel"
 * for flannel, the CNI's name for a custom one); `instance` the implementation's name ("flannel");
 * `nodeSelection` `NodeSelection.linux()`; `tolerations` `[Toleration.everything()]`;
 * `updateStrategy` a rolling update of one node at a time; `priorityClassName`
 * "system-node-critical"; `resources` requests cpu 100m and memory 50Mi, a memory limit of 256Mi
 * and no CPU limit; `syncWave` SyncWave.NETWORK (defaults.ts says why each).
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
   * modules gets no such mount. The reason is the implementation's (flannel gives one); give
   * your own with `daemonSet.justify(Privilege.privileged('<name>'), 'why')` where it has none,
   * or synth refuses it.
   * @default - the implementation's (flannel: false)
   */
  readonly privileged?: boolean;
  /**
   * The Linux capabilities added to the agent's container; every other one is dropped. Each
   * needs a reason: the implementation's (flannel's NET_ADMIN and NET_RAW), or yours, given with
   * `daemonSet.justify(Privilege.capability('X'), 'why')` before synth; synth refuses a
   * capability nobody justified, so the privilege report never flags one.
   * @default - the implementation's (flannel: [Capability.NET_ADMIN, Capability.NET_RAW])
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

// The agent sets these from the downward API; one value for every pod would make every node act
// as that node (with flannel: claim its subnet).
const DOWNWARD_ENV = {
  NODE_NAME: { reason: 'the downward API gives each pod its own node\'s name, by which the agent finds its Node and subnet' },
  POD_NAME: { reason: 'the downward API gives each pod its own name' },
  POD_NAMESPACE: { reason: 'the downward API gives each pod its own namespace' },
};

/**
 * A CNI agent: the DaemonSet that gives every node its pod network. flannel by default,
 * installed as kube-flannel.yml installs it (init containers copy the CNI plugin binary and the
 * CNI configuration onto the node, then flanneld runs in the node's network namespace), with
 * its defaults tightened where users hit trouble: every taint tolerated, one node at a time,
 * capabilities dropped but the two it needs, a memory limit, a short grace period. Any other CNI
 * is described through `CniImplementation.custom`: its init containers in their order, plugin
 * binaries, configuration placeholders filled on each node, node paths, ports, probes of every
 * kind, API permissions and host PID namespace, each privilege with the CNI's own reason.
 *
 * The CNI configuration is installed atomically (written beside its target, then renamed over
 * it), as flannel's install-conf does since flannel-io/flannel PR #2466, so the container
 * runtime never reads a half-written file.
 *
 * Objects: DaemonSet, ServiceAccount, ClusterRole and ClusterRoleBinding (when the CNI has API
 * permissions), ConfigMap. Every privilege the agent takes is justified on the DaemonSet for the
 * privilege report, and synth refuses one that is not.
 *
 * @example
 * new CniAgentDaemonSet(chart, 'cni', {
 *   implementation: CniImplementation.flannel({ podCidr: '10.42.0.0/16' }),
 * });
 */
export class CniAgentDaemonSet extends AgentBase {
  /**
   * The init container that installs the CNI configuration list into /etc/cni/net.d; undefined
   * for a CNI whose agent writes its own once ready (Cilium).
   */
  public readonly cniConfigInstaller?: Container;
  /** The init containers that copy the plugin binaries into /opt/cni/bin, one per image. */
  public readonly cniPluginInstallers: Container[] = [];
  /**
   * The ConfigMap holding the CNI configuration and the agent's own configuration files;
   * undefined when the agent installs neither (Cilium's configuration is its own cilium-config).
   */
  public readonly configMap?: ConfigMap;
  /** The network agent. */
  public readonly implementation: CniImplementation;

  public constructor(scope: Construct, id: string, props: CniAgentDaemonSetProps = {}) {
    checkConstruction(scope, id, props, CNI_AGENT_PROPS_SCHEMA, 'CniAgentDaemonSet');
    const impl = props.implementation ?? defaultImplementation();
    const d = impl._description;
    super(scope, id, props, { name: d.name, component: 'cni', version: d.version }, { ...AGENT_DEFAULTS, namespace: d.namespace ?? AGENT_DEFAULTS.namespace, resources: d.resources ?? AGENT_DEFAULTS.resources });
    this.implementation = impl;
    const privileged = props.privileged ?? d.privileges.isPrivileged;
    const capabilities = privileged ? [] : [...new Set(props.capabilities ?? d.privileges.addedCapabilities)];
    const gracePeriod = props.terminationGracePeriod ?? DEFAULTS.terminationGracePeriod;
    const installsConfig = d.initSteps.some(s => s.kind === CniInitStepKind.INSTALL_CONFIG);
    const data: Record<string, string> = { ...(installsConfig ? { [DEFAULTS.cniConfigKey]: d.cniConfig.render() } : {}), ...d.configFiles };
    const hasConfig = Object.keys(data).length > 0;
    const containerName = d.containerName ?? d.name;

    this._deploy({
      problems: [
        ...dnsLabelProblems('implementation.name', d.name),
        ...d.problems('implementation'),
        ...wholeSecondsProblems('terminationGracePeriod', gracePeriod),
        ...capabilityProblems(props.capabilities ?? [], privileged, props.capabilities !== undefined),
        ...agentDescriptionProblems(d, privileged, props.privileged),
      ],
      instanceNamesService: false,
      alerts: { monitored: false, rules: cniAlerts },
      daemonSet: {
        // A changed configuration must reach the agents: the template changes, so pods roll.
        podMetadata: hasConfig ? { annotations: { 'checksum/config': checksum(data) } } : undefined,
        // The network agent cannot depend on the pod network it creates: it runs in the node's
        // network namespace, where it creates its devices, routes and iptables rules.
        hostNetwork: true,
        hostPid: d.hostPidJustification !== undefined,
        terminationGracePeriod: gracePeriod,
        access: d.access?.rules,
        dns: d.dnsPolicy !== undefined ? { policy: d.dnsPolicy } : undefined,
        seccompProfile: d.seccompProfile,
      },
      container: {
        name: containerName,
        image: d.image,
        command: d.command,
        args: d.args,
        envVariables: {
          // flannel finds its Node by NODE_NAME; without it, it reads its own Pod (POD_NAME,
          // POD_NAMESPACE) for spec.nodeName, which would need `get pods` (flannel
          // pkg/subnet/kube/kube.go). The downward API gives the name without that permission.
          NODE_NAME: DownwardApi.nodeName(),
          POD_NAME: DownwardApi.podName(),
          POD_NAMESPACE: DownwardApi.podNamespace(),
          ...d.env,
        },
        ports: d.ports.length > 0 ? d.ports.map(p => ({ number: p.port, name: p.name })) : undefined,
        // The flannel image's iptables wrapper picks legacy or nft mode on first use by rewriting
        // the iptables symlinks in the image (kubernetes-sigs/iptables-wrappers), so the root
        // filesystem stays writable, as upstream leaves it.
        securityContext: cniSecurity(privileged, capabilities, false),
      },
      env: DOWNWARD_ENV,
      flags: d.managedFlags,
    });
    const ds = this.daemonSet;
    if (Object.keys(d.probes).length > 0) ds.probe(this.container, d.probes);
    ds.justify(Privilege.HOST_NETWORK, 'The network agent builds the node\'s pod network (devices, routes, iptables rules in the node\'s network namespace) and cannot depend on the pod network it creates.');
    if (d.access) ds.justify(Privilege.API_ACCESS, d.access.justification);
    if (d.hostPidJustification !== undefined) ds.justify(Privilege.HOST_PID, d.hostPidJustification);

    this.configMap = hasConfig ? new ConfigMap(this, 'Config', {
      metadata: { name: `${this.instance}-config`, namespace: this.namespace, labels: ds.labels },
      data,
    }) : undefined;
    const configVolume = this.configMap && Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });

    // The agent's own reasons cover the capabilities it keeps (none when privileged).
    const kept = new Map([...d.privileges._reasons()].filter(([c]) => capabilities.includes(c)));
    const reasons: ContainerReasons[] = [{ container: containerName, reasons: kept }];
    let configInstaller: Container | undefined;
    for (const step of d.initSteps) {
      if (step.kind === CniInitStepKind.INSTALL_PLUGINS) this.addPluginInstallers(d);
      if (step.kind === CniInitStepKind.INSTALL_CONFIG) configInstaller = this.addConfigInstaller(d, configVolume!);
      if (step.containerProps) reasons.push({ container: step.containerProps.name, reasons: this.addInitContainer(step.containerProps) });
    }
    // A description places installConfig() at most once (custom's factory checks it); Cilium's none.
    this.cniConfigInstaller = configInstaller;

    if (Object.keys(d.configFiles).length > 0) this.container.mount(d.configDirectory, configVolume!, { readOnly: true });
    for (const h of d.hostPaths) ds.mountHostPath(this.container, h);
    this.justifyAgentPrivileges(d, containerName, privileged, props.privileged === true);
    for (const [capability, reason] of capabilityReasons(reasons)) ds.justify(Privilege.capability(capability), reason);
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
    d.extend?.(this, props);
  }

  /**
   * What synth must refuse: a privilege of the pod nobody justified (a capability or
   * `privileged: true` beyond the implementation's, a mount added through the escape hatches).
   * @internal
   */
  public _synthPreconditionProblems(): Problem[] {
    return unjustifiedPrivilegeProblems(this.daemonSet);
  }

  private addPluginInstallers(d: CniDescription): void {
    const ds = this.daemonSet;
    const installers = pluginInstallers(d.plugins, DEFAULTS.cniBinDirectory);
    for (const installer of installers) {
      const container = ds.addInitContainer({
        name: installer.name,
        image: installer.image,
        command: installer.command,
        args: installer.args,
        resources: DEFAULTS.installerResources,
        securityContext: INSTALLER_SECURITY,
      });
      ds.mountHostPath(container, {
        name: 'cni-bin', hostPath: DEFAULTS.cniBinDirectory, mountPath: installer.mountPath, type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false,
      });
      const runs = installer.command[0] === 'cp' ? 'cp' : 'sh and cp';
      ds.justify(Privilege.runAsRoot(installer.name), `Writes into the node's root-owned ${DEFAULTS.cniBinDirectory}; it runs only ${runs}, with every capability dropped and a read-only root filesystem.`);
      this.cniPluginInstallers.push(container);
    }
    const names = installers.map(i => i.name);
    const several = names.length > 1;
    ds.justify(Privilege.hostPath('cni-bin'), `The container runtime runs CNI plugins from the node's ${DEFAULTS.cniBinDirectory}; the ${list(names)} init container${several ? 's copy' : ' copies'} ${list(installers.flatMap(i => i.binaries))} there, so only ${several ? 'they mount' : 'it mounts'} the directory, writable. Created if missing on a fresh node.`);
  }

  private addConfigInstaller(d: CniDescription, configVolume: Volume): Container {
    const ds = this.daemonSet;
    const values = d.cniConfig.placeholders;
    const kinds = new Set(values.map(v => v.kind));
    const source = `${d.configDirectory}/${DEFAULTS.cniConfigKey}`;
    const target = `${DEFAULTS.cniConfDirectory}/${d.cniConfigFileName}`;
    const kubeconfig = `${DEFAULTS.cniConfDirectory}/${d.name}-kubeconfig`;
    const install = values.length > 0
      ? templatingInstall(source, target, values, kubeconfig)
      : (d.configInstall ?? atomicShellInstall)(source, target);
    const container = ds.addInitContainer({
      name: 'install-cni',
      image: d.image,
      command: install.command,
      args: install.args,
      envVariables: kinds.has(CniConfigValueKind.NODE_NAME) ? { NODE_NAME: DownwardApi.nodeName() } : undefined,
      resources: DEFAULTS.installerResources,
      securityContext: INSTALLER_SECURITY,
    });
    container.mount(d.configDirectory, configVolume, { readOnly: true });
    const writesKubeconfig = kinds.has(CniConfigValueKind.KUBECONFIG_PATH);
    const what = writesKubeconfig ? `${d.cniConfigFileName} and the plugin's kubeconfig (${d.name}-kubeconfig, mode 0600)` : d.cniConfigFileName;
    ds.mountHostPath(container, {
      name: 'cni-conf',
      hostPath: DEFAULTS.cniConfDirectory,
      type: HostPathVolumeType.DIRECTORY_OR_CREATE,
      readOnly: false,
      justification: `The container runtime reads the pod network's configuration from the node's ${DEFAULTS.cniConfDirectory}; the install-cni init container writes ${what} there, so only it mounts the directory, writable. Created if missing on a fresh node.`,
    });
    const does = values.length > 0 ? 'fills in the node\'s values (sed) beside its target and renames it over it' : 'copies the file beside its target and renames it over it';
    ds.justify(Privilege.runAsRoot('install-cni'), `Writes into the node's root-owned ${DEFAULTS.cniConfDirectory}; it only ${does}, with every capability dropped and a read-only root filesystem.`);
    return container;
  }

  /** An init container of the CNI's own; returns the reasons for the capabilities it adds. */
  private addInitContainer(c: CniInitContainerProps): ReadonlyMap<Capability, string> {
    const ds = this.daemonSet;
    const privileges = c.privileges ?? CniPrivileges.capabilities([]);
    const container = ds.addInitContainer({
      name: c.name,
      image: c.image,
      command: c.command,
      args: c.args,
      envVariables: c.env,
      resources: c.resources ?? DEFAULTS.installerResources,
      securityContext: cniSecurity(privileges.isPrivileged, privileges.addedCapabilities, c.readOnlyRootFilesystem ?? true),
    });
    for (const h of c.hostPaths ?? []) ds.mountHostPath(container, h);
    ds.justify(Privilege.runAsRoot(c.name), c.justification);
    if (privileges.privilegedJustification !== undefined) ds.justify(Privilege.privileged(c.name), privileges.privilegedJustification);
    return privileges._reasons();
  }

  private justifyAgentPrivileges(d: CniDescription, containerName: string, privileged: boolean, requested: boolean): void {
    const ds = this.daemonSet;
    ds.justify(Privilege.runAsRoot(containerName), 'The agent programs the node\'s network stack and writes root-owned node files; its capabilities only take effect for uid 0, as Kubernetes grants no ambient capabilities to other users.');
    const reason = d.privileges.privilegedJustification ?? (requested ? d.privilegedOnRequest : undefined);
    // Without a reason, synth names the justify() call that gives one.
    if (privileged && reason !== undefined) ds.justify(Privilege.privileged(containerName), reason);
    for (const p of d.ports) ds.justify(Privilege.hostPort(p.port), p.justification);
  }
}

/** What the agent's own props make of the description: checks the description's factory cannot make. */
function agentDescriptionProblems(d: CniDescription, privileged: boolean, requested: boolean | undefined): Problem[] {
  const problems: Problem[] = [];
  // A CNI that runs privileged (Calico's calico-node) would start with every capability dropped.
  if (d.privileges.isPrivileged && requested === false) {
    problems.push({ property: 'privileged', value: false, expected: `The CNI runs its agent privileged, and says why: "${d.privileges.privilegedJustification}" Leave privileged out.` });
  }
  d.hostPaths.forEach((h, i) => {
    if (h.propagation === MountPropagation.BIDIRECTIONAL && !privileged) {
      problems.push({ property: `implementation.hostPaths[${i}].propagation`, value: h.propagation, expected: 'Kubernetes accepts Bidirectional propagation only in a privileged container: give the agent CniPrivileges.privileged(\'why\') in the implementation or set privileged: true, or use MountPropagation.HOST_TO_CONTAINER if the agent only needs to see the node\'s mounts.' });
    }
  });
  if (d.cniConfig.placeholders.some(v => v.kind === CniConfigValueKind.KUBECONFIG_PATH) && !(d.access && d.access.rules.length > 0)) {
    problems.push({ property: 'implementation.cniConfig', value: 'CniConfigValue.kubeconfigPath()', expected: 'The installer writes the plugin\'s kubeconfig with the agent\'s ServiceAccount token, which is mounted only with API permissions: give the implementation access: { rules, justification } with what the plugin calls.' });
  }
  for (const name of Object.keys(d.env)) {
    if (name in DOWNWARD_ENV) problems.push({ property: 'implementation.env', value: name, expected: `The agent sets ${name} from the downward API (${DOWNWARD_ENV[name as keyof typeof DOWNWARD_ENV].reason}): drop it.` });
  }
  return problems;
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

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

let flannelByDefault: CniImplementation | undefined;

/**
 * flannel with its defaults, described once: an implementation is immutable, and an app of many
 * agents would otherwise describe (and check) the same flannel for each.
 */
function defaultImplementation(): CniImplementation {
  flannelByDefault ??= CniImplementation.flannel();
  return flannelByDefault;
}

/** sha256 of the configuration, keys sorted so the annotation depends on content only. */
function checksum(data: Record<string, string>): string {
  const sorted = Object.keys(data).sort().map(k => [k, data[k]]);
  return sha256(JSON.stringify(sorted));
}
