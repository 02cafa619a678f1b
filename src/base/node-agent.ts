import { ApiObject, Chart } from 'cdk8s';
import {
  Container, ContainerProps, DaemonSet, DnsPolicy, k8s, LabelSelector, PodSelectorConfig, SeccompProfileType, ServiceAccount, Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AccessRule, accessRuleProblems, grantToServiceAccount } from './access';
import { agentContainerProblems, agentContainerProps, hostNetworkPortProblem, publishedHostPorts, surgeWithHostPortProblems } from './agent-container';
import { CONTAINER_OVERRIDES_SCHEMA, ContainerOverrides, containerOverridesProblems, hookConflicts, withOverrides } from './container-overrides';
import { countProblems, wholeSecondsProblems } from './counts';
import { AgentService, InternalTrafficPolicy, scrapeAnnotations, ServiceMode } from './discovery';
import { assertValid, Problem } from './errors';
import { HOST_PATH_MOUNT_OPTIONS_SCHEMA, HostPathMountOptions, hostPathMountProblems } from './host-volumes';
import { mirroredImage, normalizeRegistry, pullSecretProblems, registryProblems } from './image-source';
import { combineAffinity, kubeUpdateStrategy, undefinedIfEmpty, withoutEmptyHostPathType, withProbes, withPublishedPorts } from './kube-spec';
import { podLabelConflicts, recommendedLabels, selectorLabels } from './labels';
import { merged } from './merged';
import { dnsLabelProblems, dnsSubdomainProblems, labelMapProblems, labelValueProblems } from './names';
import { AGENT_SERVICE_OPTIONS_SCHEMA, AgentServiceOptions, agentServiceOptionsProblems, NODE_AGENT_PROPS_SCHEMA, NodeAgentProps } from './node-agent-props';
import { NodeSelection } from './node-selection';
import { justificationProblems, Privilege } from './privileges';
import { CONTAINER_PROBES_SCHEMA, ContainerProbes } from './probes';
import { Toleration, tolerationProblems } from './tolerations';
import { UpdateStrategy } from './update-strategy';
import { checkConstruction, instanceOf, isString, libraryBuilt, listOf, propsProblems } from '../validation/guards';
import { isContainerProps } from '../validation/plus-schemas';
import { validateOnSynth } from '../validation/synth-check';

const DEFAULT_PRIORITY_CLASS = 'system-node-critical';
const isTolerationList = listOf(instanceOf(Toleration, 'Toleration.everything()'));
const isAccessRuleList = listOf(instanceOf(AccessRule, 'AccessRule.read(ApiResource.PODS)'));
const DEFAULT_REVISION_HISTORY = 10;

/**
 * A DaemonSet for a node agent: a cdk8s-plus-28 `DaemonSet` (so its container, volume, env and
 * scheduling API and its interop still work) that adds, typed and validated, what node agents
 * need and cdk8s-plus-28 lacks: update strategy, revision history, host namespaces, priority and
 * runtime class, real nodeSelector and node affinity, tolerations, host mounts, discovery
 * Services, RBAC and the recommended labels.
 *
 * The extra fields are written into the typed spec that cdk8s-plus hands to its generated
 * mapper (never as JSON patches, which that mapper silently drops or mangles).
 */
export class NodeAgent extends DaemonSet {
  /** The application name (`app.kubernetes.io/name`). */
  public readonly agentName: string;
  /** The installation name (`app.kubernetes.io/instance`) and base name of the agent's objects. */
  public readonly instance: string;
  /** The recommended labels on every object of the agent. */
  public readonly labels: { [key: string]: string };
  /** The labels the DaemonSet and its Services select on: name and instance only. */
  public readonly selectorLabels: { [key: string]: string };
  /** How pods are replaced when the template changes. */
  public readonly updateStrategy: UpdateStrategy;
  /** How many old revisions are kept. */
  public readonly revisionHistoryLimit: number;
  /** Whether the pod shares the node's PID namespace. */
  public readonly hostPid: boolean;
  /** Whether the pod shares the node's IPC namespace. */
  public readonly hostIpc: boolean;
  /** The PriorityClass. */
  public readonly priorityClassName?: string;
  /** The RuntimeClass. */
  public readonly runtimeClassName?: string;
  /** The pod seccomp profile. */
  public readonly seccompProfile: SeccompProfileType;
  /** The namespace of the agent's namespaced objects, if known. */
  public readonly namespace?: string;
  /** The registry mirror every image is pulled from, if one is set (without a trailing "/"). */
  public readonly imageRegistry?: string;

  private nodeSelectionValue: NodeSelection;
  private readonly agentTolerations: Toleration[] = [];
  private readonly grantedRules: AccessRule[] = [];
  private readonly hostVolumes = new Map<string, { volume: Volume; options: HostPathMountOptions }>();
  private readonly probes = new Map<string, ContainerProbes>();
  private readonly overrides = new Map<string, ContainerOverrides>();
  private readonly allowUnpinnedImages: boolean;
  private readonly pullSecrets: string[];
  private readonly explicitPodSecurityContext: boolean;
  private readonly explicitDnsPolicy: boolean;
  private readonly explicitAutomount?: boolean;
  private clusterRoleObject?: ApiObject;

  public constructor(scope: Construct, id: string, props: NodeAgentProps) {
    checkConstruction(scope, id, props, NODE_AGENT_PROPS_SCHEMA, 'NodeAgent', true);
    validateOnSynth(scope);
    const identity = {
      name: props.name,
      instance: props.instance ?? props.name,
      version: props.version,
      component: props.component,
      partOf: props.partOf,
    };
    const labels = recommendedLabels(identity);
    super(scope, id, merged(props, {
      // cdk8s-plus would select on a label derived from the construct path; a DaemonSet's
      // selector is immutable, so it must only use stable labels (selected below).
      select: false,
      metadata: merged(props.metadata, { name: props.metadata?.name ?? identity.instance, labels: merged(labels, props.metadata?.labels ?? {}) }),
      podMetadata: merged(props.podMetadata, { labels: merged(labels, props.podMetadata?.labels ?? {}) }),
      // Added below, once this construct can validate them.
      containers: undefined,
      initContainers: undefined,
    }));
    this.agentName = identity.name;
    this.instance = identity.instance;
    this.labels = labels;
    this.selectorLabels = selectorLabels(identity);
    this.namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    this.allowUnpinnedImages = props.allowUnpinnedImages ?? false;
    this.pullSecrets = [...(props.imagePullSecrets ?? [])];
    this.imageRegistry = props.imageRegistry !== undefined ? normalizeRegistry(props.imageRegistry) : undefined;
    this.explicitPodSecurityContext = props.securityContext !== undefined;
    this.explicitDnsPolicy = props.dns?.policy !== undefined;
    this.explicitAutomount = props.automountServiceAccountToken;
    this.hostPid = props.hostPid ?? false;
    this.hostIpc = props.hostIpc ?? false;
    this.priorityClassName = props.priorityClassName ?? DEFAULT_PRIORITY_CLASS;
    this.runtimeClassName = props.runtimeClassName;
    this.seccompProfile = props.seccompProfile ?? SeccompProfileType.RUNTIME_DEFAULT;
    this.updateStrategy = props.updateStrategy ?? UpdateStrategy.rollingUpdate();
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY;
    this.nodeSelectionValue = NodeSelection.all();

    assertValid(this, [
      ...labelValueProblems('name', identity.name),
      ...dnsLabelProblems('instance', identity.instance),
      ...(identity.version !== undefined ? labelValueProblems('version', identity.version) : []),
      ...(identity.component !== undefined ? labelValueProblems('component', identity.component) : []),
      ...(identity.partOf !== undefined ? labelValueProblems('partOf', identity.partOf) : []),
      ...this.updateStrategy._problems('updateStrategy'),
      // The API server requires a profile path with Localhost, which this prop cannot carry.
      ...(this.seccompProfile === SeccompProfileType.LOCALHOST ? [{
        property: 'seccompProfile', value: this.seccompProfile, expected: 'Localhost needs a profile file on every node, which this prop cannot name: use SeccompProfileType.RUNTIME_DEFAULT (or UNCONFINED), or set seccompProfile: { type: LOCALHOST, localhostProfile } in a container\'s securityContext.',
      }] : []),
      ...countProblems('revisionHistoryLimit', this.revisionHistoryLimit),
      ...countProblems('minReadySeconds', this.minReadySeconds),
      ...wholeSecondsProblems('terminationGracePeriod', props.terminationGracePeriod),
      // PriorityClass and RuntimeClass names are DNS-1123 subdomains (dots allowed).
      ...(props.priorityClassName !== undefined ? dnsSubdomainProblems('priorityClassName', props.priorityClassName) : []),
      ...(props.runtimeClassName !== undefined ? dnsSubdomainProblems('runtimeClassName', props.runtimeClassName) : []),
      ...(props.metadata?.name !== undefined ? dnsSubdomainProblems('metadata.name', props.metadata.name) : []),
      ...(this.namespace !== undefined ? dnsLabelProblems(props.metadata?.namespace !== undefined ? 'metadata.namespace' : 'namespace (the Chart\'s)', this.namespace) : []),
      ...pullSecretProblems('imagePullSecrets', this.pullSecrets),
      ...(props.imageRegistry !== undefined ? registryProblems('imageRegistry', props.imageRegistry) : []),
      ...labelMapProblems('metadata.labels', props.metadata?.labels),
      ...labelMapProblems('podMetadata.labels', props.podMetadata?.labels),
      ...podLabelConflicts(this.selectorLabels, props.podMetadata?.labels ?? {}),
    ]);

    this.select(LabelSelector.of({ labels: this.selectorLabels }));
    if (props.nodeSelection) this.selectNodes(props.nodeSelection);
    this.tolerate(...(props.tolerations ?? []));
    props.initContainers?.forEach(c => this.addInitContainer(c));
    props.containers?.forEach(c => this.addContainer(c));

    if (!props.serviceAccount) {
      // cdk8s-plus takes the service account at construction, before this construct exists to
      // own one; the agent's own account is created here and put where cdk8s-plus reads it.
      const account = new ServiceAccount(this, 'ServiceAccount', {
        metadata: { name: this.instance, namespace: this.namespace, labels },
        automountToken: false,
      });
      (this as { serviceAccount?: ServiceAccount }).serviceAccount = account;
    }
    this.grant(...(props.access ?? []));
  }

  /** The nodes the agent runs on. */
  public get nodeSelection(): NodeSelection {
    return this.nodeSelectionValue;
  }

  /** The Secrets the kubelet pulls the agent's images with (besides dockerRegistryAuth). */
  public get imagePullSecrets(): string[] {
    return [...this.pullSecrets];
  }

  /** The tolerations the agent declares (the controller's defaults come on top). */
  public get tolerations(): Toleration[] {
    return [...this.agentTolerations];
  }

  /** The API permissions granted to the agent. */
  public get accessRules(): AccessRule[] {
    return [...this.grantedRules];
  }

  /** The ClusterRole holding the agent's permissions, once any are granted. */
  public get clusterRole(): ApiObject | undefined {
    return this.clusterRoleObject;
  }

  /**
   * Records why the agent needs a privilege, as an annotation on the DaemonSet that the
   * privilege report reads back; a privilege without one is reported as unjustified.
   */
  public justify(privilege: Privilege, reason: string): void {
    assertValid(this, [...instanceOf(Privilege, 'Privilege.HOST_NETWORK')(privilege, 'privilege'), ...isString(reason, 'justification')]);
    assertValid(this, justificationProblems(privilege, reason));
    this.metadata.addAnnotation(privilege.annotation, reason);
  }

  /** Restricts the agent to nodes this selection picks too (ANDed with earlier selections). */
  public selectNodes(selection: NodeSelection): void {
    assertValid(this, instanceOf(NodeSelection, 'NodeSelection.linux()')(selection, 'nodeSelection'));
    const combined = this.nodeSelectionValue.and(selection);
    assertValid(this, combined._problems('nodeSelection'));
    this.nodeSelectionValue = combined;
  }

  /** Adds tolerations. */
  public tolerate(...tolerations: Toleration[]): void {
    assertValid(this, isTolerationList(tolerations, 'tolerations'));
    tolerations.forEach((t, i) => assertValid(this, tolerationProblems(t, `tolerations[${this.agentTolerations.length + i}]`)));
    this.agentTolerations.push(...tolerations);
  }

  /** Grants API permissions through the agent's ClusterRole (created on the first grant). */
  public grant(...rules: AccessRule[]): void {
    assertValid(this, isAccessRuleList(rules, 'access'));
    if (rules.length === 0) return;
    rules.forEach((r, i) => assertValid(this, accessRuleProblems(r, `access[${this.grantedRules.length + i}]`)));
    this.grantedRules.push(...rules);
    if (!this.clusterRoleObject) this.clusterRoleObject = this.createClusterRole();
  }

  /**
   * Adds a container after checking what a node agent's containers need: a pinned image, CPU and
   * memory requests, an explicit security context, valid ports (with hostNetwork, each port is
   * published on the node under the same number).
   */
  public addContainer(cont: ContainerProps): Container {
    assertValid(this, isContainerProps(cont, 'containers[]'));
    return super.addContainer(this.checkedContainer(cont, `containers[${cont.name ?? 'main'}]`));
  }

  /** Adds an init container, with the same checks as `addContainer`. */
  public addInitContainer(cont: ContainerProps): Container {
    assertValid(this, isContainerProps(cont, 'initContainers[]'));
    return super.addInitContainer(this.checkedContainer(cont, `initContainers[${cont.name ?? 'main'}]`));
  }

  /**
   * Mounts a node path into a container. Mounting the same `name` and `hostPath` into another
   * container shares the volume.
   */
  public mountHostPath(container: Container, options: HostPathMountOptions): Volume {
    assertValid(this, [
      ...instanceOf(Container, 'agent.containers[0]')(container, 'container'),
      ...propsProblems(options, HOST_PATH_MOUNT_OPTIONS_SCHEMA, 'HostPathMountOptions', true),
    ]);
    const where = `container ${container.name}`;
    assertValid(this, hostPathMountProblems(options, container).map(p => ({ ...p, property: `${where} ${p.property}` })));
    const mountPath = options.mountPath ?? options.hostPath;
    if (container.mounts.some(m => m.path === mountPath)) {
      assertValid(this, [{ property: `${where} mountPath`, value: mountPath, expected: 'Each mount path may be used once per container: choose another mountPath.' }]);
    }
    const existing = this.hostVolumes.get(options.name);
    let volume: Volume;
    if (existing) {
      if (existing.options.hostPath !== options.hostPath || existing.options.type !== options.type) {
        assertValid(this, [{ property: `${where} hostPath volume name`, value: options.name, expected: `The name already mounts ${existing.options.hostPath}: give this host path another name.` }]);
      }
      volume = existing.volume;
    } else {
      if (this.volumeNames().has(options.name)) {
        assertValid(this, [{ property: `${where} hostPath volume name`, value: options.name, expected: 'Another volume of the pod has this name: choose a unique name.' }]);
      }
      volume = Volume.fromHostPath(this, `HostPath-${options.name}`, options.name, { path: options.hostPath, type: options.type });
      this.hostVolumes.set(options.name, { volume, options });
    }
    container.mount(mountPath, volume, { readOnly: options.readOnly ?? true, propagation: options.propagation });
    if (options.justification !== undefined) this.justify(Privilege.hostPath(options.name), options.justification);
    return volume;
  }

  /**
   * Sets probes of a container of the agent, of any kind the kubelet runs (`AgentProbe`: exec,
   * HTTP GET with host and headers, TCP, gRPC), replacing a probe of the same kind set through
   * cdk8s-plus, which has neither host, headers nor gRPC. Probes given in an earlier call for
   * another kind stay.
   */
  public probe(container: Container, probes: ContainerProbes): void {
    assertValid(this, [
      ...instanceOf(Container, 'agent.containers[0]')(container, 'container'),
      ...propsProblems(probes, CONTAINER_PROBES_SCHEMA, 'ContainerProbes', true, 'probes'),
    ]);
    const where = `container ${container.name} probes`;
    // Init containers run to completion: the API server refuses probes on them.
    if (!this.containers.includes(container)) {
      const init = this.initContainers.includes(container);
      const fix = init ? 'Init containers run to completion and take no probes: probe the agent\'s main container.' : 'Give a container of this agent (added with addContainer).';
      assertValid(this, [{ property: where, value: container.name, expected: fix }]);
    }
    const kinds = ['liveness', 'readiness', 'startup'] as const;
    assertValid(this, kinds.flatMap(kind => probes[kind]?._problems(`${where}.${kind}`, kind) ?? []));
    const given = Object.fromEntries(kinds.filter(k => probes[k]).map(k => [k, probes[k]]));
    this.probes.set(container.name, { ...this.probes.get(container.name), ...given });
  }

  /**
   * Sets fields of a container (or init container) of the agent that cdk8s-plus-28 cannot write:
   * an SELinux label, the termination message policy, lifecycle commands. Fields given in an
   * earlier call for the same container stay unless given again.
   */
  public overrideContainer(container: Container, overrides: ContainerOverrides): void {
    assertValid(this, [
      ...instanceOf(Container, 'agent.containers[0]')(container, 'container'),
      ...propsProblems(overrides, CONTAINER_OVERRIDES_SCHEMA, 'ContainerOverrides', true, 'overrides'),
    ]);
    const where = `container ${container.name} overrides`;
    assertValid(this, [
      ...(![...this.containers, ...this.initContainers].includes(container)
        ? [{ property: where, value: container.name, expected: 'Give a container of this agent (added with addContainer or addInitContainer).' }] : []),
      ...containerOverridesProblems(overrides, where),
    ]);
    this.overrides.set(container.name, { ...this.overrides.get(container.name), ...overrides });
  }

  /** Creates a Service selecting the agent's pods: headless by default, or node-local. */
  public exposeViaService(options: AgentServiceOptions): AgentService {
    assertValid(this, propsProblems(options, AGENT_SERVICE_OPTIONS_SCHEMA, 'AgentServiceOptions', true));
    const name = options.name ?? this.instance;
    const mode = options.mode ?? ServiceMode.HEADLESS;
    assertValid(this, agentServiceOptionsProblems(options, name));
    return new AgentService(this, `Service-${name}`, libraryBuilt({
      metadata: {
        name,
        namespace: this.namespace,
        labels: this.labels,
        annotations: options.scrape ? scrapeAnnotations(options.scrape) : undefined,
      },
      selector: this,
      ports: options.ports,
      clusterIP: mode === ServiceMode.HEADLESS ? 'None' : undefined,
      internalTrafficPolicy: mode === ServiceMode.NODE_LOCAL ? InternalTrafficPolicy.LOCAL : undefined,
    }));
  }

  /** Selects the agent's pods by the stable labels (not cdk8s-plus's construct-path label). */
  public toPodSelectorConfig(): PodSelectorConfig {
    return {
      labelSelector: LabelSelector.of({ labels: this.selectorLabels }),
      namespaces: this.namespace ? { names: [this.namespace] } : undefined,
    };
  }

  /**
   * What would stop the DaemonSet from serializing, or be refused, reported before synthesis
   * with the prop to change (the output validator would name only the emitted field).
   * @internal
   */
  public _synthPreconditionProblems(): Problem[] {
    // cdk8s-plus would throw its own message, which names neither the agent nor the fix.
    if (this.containers.length === 0) {
      return [{ property: 'containers', value: [], expected: 'A DaemonSet runs at least one container: pass containers, or call addContainer() before synth.' }];
    }
    // Labels and ports can change after construction through the cdk8s-plus escape hatches.
    return [
      ...podLabelConflicts(this.selectorLabels, this.currentPodLabels(Object.keys(this.selectorLabels))),
      ...[...this.containers, ...this.initContainers].flatMap(c => this.hostNetworkPortProblems(c)),
      ...surgeWithHostPortProblems(this.updateStrategy, this.containers, this.hostNetwork ?? false),
      // Rendering a container costs: only those given hooks are checked.
      ...[...this.containers, ...this.initContainers]
        .filter(c => this.overrides.get(c.name)?.postStartCommand || this.overrides.get(c.name)?.preStopCommand)
        .flatMap(c => hookConflicts(c._toKube(), this.overrides.get(c.name), `container ${c.name} overrides`)),
    ];
  }

  /** @internal */
  public _toKube(): k8s.DaemonSetSpec {
    const spec = super._toKube();
    const template = spec.template;
    // cdk8s-plus labels every pod with its construct path; nothing selects on it here, and a
    // label that changes when code is reorganised would restart every agent for nothing. (Copied
    // without it rather than deleted from a copy, which would leave a slow dictionary-mode object.)
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(template.metadata?.labels ?? {})) {
      if (key !== 'cdk8s.io/metadata.addr') labels[key] = value;
    }
    return merged(spec, {
      revisionHistoryLimit: this.revisionHistoryLimit,
      updateStrategy: kubeUpdateStrategy(this.updateStrategy),
      template: {
        metadata: merged(template.metadata, { labels }),
        spec: this.kubePodSpec(template.spec!),
      },
    });
  }

  private kubePodSpec(pod: k8s.PodSpec): k8s.PodSpec {
    const terms = this.nodeSelectionValue.toNodeSelectorTerms();
    const affinity = combineAffinity(pod.affinity, terms);
    return merged(pod, {
      containers: pod.containers.map(c => withOverrides(
        withProbes(withPublishedPorts(c, this.hostNetwork ?? false), this.probes.get(c.name)), this.overrides.get(c.name))),
      initContainers: pod.initContainers?.map(c => withOverrides(withPublishedPorts(c, this.hostNetwork ?? false), this.overrides.get(c.name))),
      volumes: pod.volumes?.map(withoutEmptyHostPathType),
      dnsPolicy: this.hostNetwork && !this.explicitDnsPolicy ? DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : pod.dnsPolicy,
      hostPid: this.hostPid || undefined,
      hostIpc: this.hostIpc || undefined,
      hostNetwork: this.hostNetwork || undefined,
      priorityClassName: this.priorityClassName,
      runtimeClassName: this.runtimeClassName,
      nodeSelector: this.nodeSelectionValue.toNodeSelector(),
      affinity,
      tolerations: undefinedIfEmpty([...(pod.tolerations ?? []), ...this.agentTolerations.map(t => t.toJson())]),
      imagePullSecrets: undefinedIfEmpty([...(pod.imagePullSecrets ?? []), ...this.pullSecrets.map(name => ({ name }))]),
      securityContext: this.podSecurityContext(pod.securityContext),
      automountServiceAccountToken: this.explicitAutomount ?? this.grantedRules.length > 0,
    });
  }

  /** The pod labels of these keys that are set now (read one by one: resolving them all costs more). */
  private currentPodLabels(keys: string[]): { [key: string]: string } {
    const labels: { [key: string]: string } = {};
    for (const key of keys) {
      const value = this.podMetadata.getLabel(key);
      if (value !== undefined) labels[key] = value;
    }
    return labels;
  }

  /** Ports added later through cdk8s-plus's Container.addPort() are checked here. */
  private hostNetworkPortProblems(container: Container): Problem[] {
    if (!this.hostNetwork) return [];
    return container.ports
      .filter(p => p.hostPort !== undefined && p.hostPort !== 0 && p.hostPort !== p.number)
      .map(p => hostNetworkPortProblem(`container ${container.name} port ${p.number} hostPort`, p.number, p.hostPort!));
  }

  private podSecurityContext(fromPlus: k8s.PodSecurityContext | undefined): k8s.PodSecurityContext {
    const seccompProfile = { type: this.seccompProfile };
    if (!this.explicitPodSecurityContext) return { seccompProfile };
    // cdk8s-plus always writes fsGroupChangePolicy; it means nothing without an fsGroup.
    const own = { ...fromPlus };
    if (own.fsGroup === undefined) delete own.fsGroupChangePolicy;
    return merged(own, { seccompProfile });
  }

  private checkedContainer(cont: ContainerProps, property: string): ContainerProps {
    const existing = [...this.containers, ...this.initContainers];
    // cdk8s-plus names an unnamed container "main"; the API server refuses two of a name.
    const name = cont.name ?? 'main';
    assertValid(this, [
      ...agentContainerProblems(cont, property, {
        hostNetwork: this.hostNetwork ?? false,
        allowUnpinnedImages: this.allowUnpinnedImages,
        publishedHostPorts: publishedHostPorts(existing, this.hostNetwork ?? false),
      }),
      ...(existing.some(c => c.name === name) ? [{ property: `${property}.name`, value: name, expected: 'Each container of the pod needs a name of its own, init containers included: choose another name.' }] : []),
    ]);
    // The mirror is applied here, where every container passes, so Container.image says what
    // is pulled, whichever prop or escape hatch added the container.
    return agentContainerProps(this.imageRegistry !== undefined ? merged(cont, { image: mirroredImage(cont.image, this.imageRegistry) }) : cont);
  }

  private volumeNames(): Set<string> {
    const names = new Set(this.volumes.map(v => v.name));
    for (const c of [...this.containers, ...this.initContainers]) c.mounts.forEach(m => names.add(m.volume.name));
    return names;
  }

  private createClusterRole(): ApiObject {
    if (!this.namespace) {
      assertValid(this, [{ property: 'namespace', value: undefined, expected: 'A ClusterRoleBinding must name the ServiceAccount\'s namespace: set metadata.namespace on the agent or a namespace on its Chart.' }]);
    }
    return grantToServiceAccount(this, {
      name: `${this.namespace}-${this.instance}`,
      labels: this.labels,
      rules: () => this.grantedRules,
      serviceAccount: this.serviceAccount!.name,
      namespace: this.namespace!,
    });
  }
}
