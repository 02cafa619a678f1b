import { ApiObject, Chart, Lazy } from 'cdk8s';
import {
  Container, ContainerProps, DaemonSet, DaemonSetProps, DnsPolicy, ImagePullPolicy, k8s, LabelSelector,
  PodSelectorConfig, SeccompProfileType, ServiceAccount, ServicePort, Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AccessRule, accessRuleProblems, renderRules } from './access';
import { ClusterScopedObject } from './cluster-scoped';
import { AgentService, InternalTrafficPolicy, PrometheusScrape, scrapeAnnotations, ServiceMode } from './discovery';
import { assertValid, Problem } from './errors';
import { HostPathMountOptions, hostPathMountProblems } from './host-volumes';
import { imageProblems } from './image';
import { recommendedLabels, selectorLabels } from './labels';
import { dnsLabelProblems, labelValueProblems, portNameProblems, portNumberProblems, serviceNameProblems } from './names';
import { NodeSelection } from './node-selection';
import { justificationProblems, Privilege } from './privileges';
import { resourceProblems } from './resources';
import { Toleration, tolerationProblems } from './tolerations';
import { UpdateStrategy } from './update-strategy';

/** Properties of a node agent: a cdk8s-plus DaemonSet plus what node agents need. */
export interface NodeAgentProps extends DaemonSetProps {
  /** The application name (`app.kubernetes.io/name`), e.g. "node-exporter". */
  readonly name: string;
  /**
   * This installation (`app.kubernetes.io/instance`), and the name of its objects.
   * @default - the same as `name`
   */
  readonly instance?: string;
  /**
   * The application version (`app.kubernetes.io/version`); never part of the selector.
   * @default - no version label
   */
  readonly version?: string;
  /**
   * The role in the architecture (`app.kubernetes.io/component`).
   * @default - no component label
   */
  readonly component?: string;
  /**
   * The larger application (`app.kubernetes.io/part-of`).
   * @default - no part-of label
   */
  readonly partOf?: string;
  /**
   * Which nodes run the agent.
   * @default NodeSelection.all()
   */
  readonly nodeSelection?: NodeSelection;
  /**
   * Taints the agent tolerates, besides the ones the DaemonSet controller always adds
   * (not-ready and unreachable NoExecute, the pressure and unschedulable NoSchedule taints).
   * @default []
   */
  readonly tolerations?: Toleration[];
  /**
   * Share the node's process namespace (an agent that reads every process, like node-exporter).
   * @default false
   */
  readonly hostPid?: boolean;
  /**
   * Share the node's IPC namespace.
   * @default false
   */
  readonly hostIpc?: boolean;
  /**
   * The PriorityClass. `system-node-critical` lets the agent preempt ordinary pods on a full node
   * and makes it the last evicted: a node without its agent is a node out of service.
   * @default "system-node-critical"
   */
  readonly priorityClassName?: string;
  /**
   * The RuntimeClass (e.g. "nvidia").
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * The pod's seccomp profile. RuntimeDefault blocks syscalls no agent needs; privileged
   * containers ignore it.
   * @default SeccompProfileType.RUNTIME_DEFAULT
   */
  readonly seccompProfile?: SeccompProfileType;
  /**
   * How pods are replaced when the template changes.
   * @default UpdateStrategy.rollingUpdate() (one node at a time)
   */
  readonly updateStrategy?: UpdateStrategy;
  /**
   * How many old ControllerRevisions are kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * API permissions, granted through a ClusterRole bound to the agent's ServiceAccount.
   * @default - none, and no service-account token is mounted
   */
  readonly access?: AccessRule[];
  /**
   * Accept images without a version tag or digest.
   * @default false
   */
  readonly allowUnpinnedImages?: boolean;
}

/** Options for a Service in front of the agent's pods. */
export interface AgentServiceOptions {
  /** The ports; each targets the same port number on the pod unless `targetPort` says otherwise. */
  readonly ports: ServicePort[];
  /**
   * Headless (each agent addressable) or node-local (each client reaches its own node's agent).
   * @default ServiceMode.HEADLESS
   */
  readonly mode?: ServiceMode;
  /**
   * The Service name (a DNS-1035 label).
   * @default - the agent's instance name
   */
  readonly name?: string;
  /**
   * Prometheus scrape annotations on the Service.
   * @default - no scrape annotations
   */
  readonly scrape?: PrometheusScrape;
}

const DEFAULT_PRIORITY_CLASS = 'system-node-critical';
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

  private nodeSelectionValue: NodeSelection;
  private readonly agentTolerations: Toleration[] = [];
  private readonly grantedRules: AccessRule[] = [];
  private readonly hostVolumes = new Map<string, { volume: Volume; options: HostPathMountOptions }>();
  private readonly allowUnpinnedImages: boolean;
  private readonly explicitPodSecurityContext: boolean;
  private readonly explicitDnsPolicy: boolean;
  private readonly explicitAutomount?: boolean;
  private clusterRoleObject?: ApiObject;

  public constructor(scope: Construct, id: string, props: NodeAgentProps) {
    const identity = {
      name: props.name,
      instance: props.instance ?? props.name,
      version: props.version,
      component: props.component,
      partOf: props.partOf,
    };
    const labels = recommendedLabels(identity);
    super(scope, id, {
      ...props,
      // cdk8s-plus would select on a label derived from the construct path; a DaemonSet's
      // selector is immutable, so it must only use stable labels (selected below).
      select: false,
      metadata: { ...props.metadata, name: props.metadata?.name ?? identity.instance, labels: { ...labels, ...props.metadata?.labels } },
      podMetadata: { ...props.podMetadata, labels: { ...labels, ...props.podMetadata?.labels } },
      // Added below, once this construct can validate them.
      containers: undefined,
      initContainers: undefined,
    });
    this.agentName = identity.name;
    this.instance = identity.instance;
    this.labels = labels;
    this.selectorLabels = selectorLabels(identity);
    this.namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    this.allowUnpinnedImages = props.allowUnpinnedImages ?? false;
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
      ...countProblems('revisionHistoryLimit', this.revisionHistoryLimit),
      ...countProblems('minReadySeconds', this.minReadySeconds),
      ...(props.priorityClassName !== undefined ? dnsLabelProblems('priorityClassName', props.priorityClassName) : []),
      ...(props.runtimeClassName !== undefined ? dnsLabelProblems('runtimeClassName', props.runtimeClassName) : []),
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
    assertValid(this, justificationProblems(privilege, reason));
    this.metadata.addAnnotation(privilege.annotation, reason);
  }

  /** Restricts the agent to nodes this selection picks too (ANDed with earlier selections). */
  public selectNodes(selection: NodeSelection): void {
    const combined = this.nodeSelectionValue.and(selection);
    assertValid(this, combined._problems('nodeSelection'));
    this.nodeSelectionValue = combined;
  }

  /** Adds tolerations. */
  public tolerate(...tolerations: Toleration[]): void {
    tolerations.forEach((t, i) => assertValid(this, tolerationProblems(t, `tolerations[${this.agentTolerations.length + i}]`)));
    this.agentTolerations.push(...tolerations);
  }

  /** Grants API permissions through the agent's ClusterRole (created on the first grant). */
  public grant(...rules: AccessRule[]): void {
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
    return super.addContainer(this.checkedContainer(cont, `containers[${cont.name ?? 'main'}]`));
  }

  /** Adds an init container, with the same checks as `addContainer`. */
  public addInitContainer(cont: ContainerProps): Container {
    return super.addInitContainer(this.checkedContainer(cont, `initContainers[${cont.name ?? 'main'}]`));
  }

  /**
   * Mounts a node path into a container. Mounting the same `name` and `hostPath` into another
   * container shares the volume.
   */
  public mountHostPath(container: Container, options: HostPathMountOptions): Volume {
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

  /** Creates a Service selecting the agent's pods: headless by default, or node-local. */
  public exposeViaService(options: AgentServiceOptions): AgentService {
    const name = options.name ?? this.instance;
    const mode = options.mode ?? ServiceMode.HEADLESS;
    const problems: Problem[] = [...serviceNameProblems('service name', name)];
    if (options.ports.length === 0) problems.push({ property: 'service ports', value: [], expected: 'Give at least one port, e.g. [{ port: 9100, name: "metrics" }].' });
    options.ports.forEach((p, i) => {
      problems.push(...portNumberProblems(`service ports[${i}].port`, p.port));
      if (p.targetPort !== undefined) problems.push(...portNumberProblems(`service ports[${i}].targetPort`, p.targetPort));
      if (p.name !== undefined) problems.push(...portNameProblems(`service ports[${i}].name`, p.name));
      else if (options.ports.length > 1) problems.push({ property: `service ports[${i}].name`, value: undefined, expected: 'A Service with several ports needs a name on each, e.g. "metrics".' });
    });
    if (options.scrape) problems.push(...portNumberProblems('scrape.port', options.scrape.port));
    assertValid(this, problems);
    return new AgentService(this, `Service-${name}`, {
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
    });
  }

  /** Selects the agent's pods by the stable labels (not cdk8s-plus's construct-path label). */
  public toPodSelectorConfig(): PodSelectorConfig {
    return {
      labelSelector: LabelSelector.of({ labels: this.selectorLabels }),
      namespaces: this.namespace ? { names: [this.namespace] } : undefined,
    };
  }

  /** @internal */
  public _toKube(): k8s.DaemonSetSpec {
    const spec = super._toKube();
    const template = spec.template;
    const labels = { ...template.metadata?.labels };
    // cdk8s-plus labels every pod with its construct path; nothing selects on it here, and a
    // label that changes when code is reorganised would restart every agent for nothing.
    delete labels['cdk8s.io/metadata.addr'];
    return {
      ...spec,
      revisionHistoryLimit: this.revisionHistoryLimit,
      updateStrategy: this.kubeUpdateStrategy(),
      template: {
        metadata: { ...template.metadata, labels },
        spec: this.kubePodSpec(template.spec!),
      },
    };
  }

  private kubePodSpec(pod: k8s.PodSpec): k8s.PodSpec {
    const terms = this.nodeSelectionValue.toNodeSelectorTerms();
    const affinity = combineAffinity(pod.affinity, terms);
    return {
      ...pod,
      containers: pod.containers.map(c => this.publishedPorts(c)),
      initContainers: pod.initContainers?.map(c => this.publishedPorts(c)),
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
      securityContext: this.podSecurityContext(pod.securityContext),
      automountServiceAccountToken: this.explicitAutomount ?? this.grantedRules.length > 0,
    };
  }

  /** With hostNetwork the container port is the node port: write it so readers (and planners) see it. */
  private publishedPorts(container: k8s.Container): k8s.Container {
    if (!this.hostNetwork || !container.ports) return container;
    const ports = container.ports.map(p => {
      // Ports added later through cdk8s-plus's Container.addPort() arrive here unchecked.
      if (p.hostPort !== undefined && p.hostPort !== p.containerPort) {
        assertValid(this, [hostNetworkPortProblem(`container ${container.name} port ${p.containerPort} hostPort`, p.containerPort, p.hostPort)]);
      }
      return { ...p, hostPort: p.containerPort };
    });
    return { ...container, ports };
  }

  private podSecurityContext(fromPlus: k8s.PodSecurityContext | undefined): k8s.PodSecurityContext {
    const seccompProfile = { type: this.seccompProfile };
    if (!this.explicitPodSecurityContext) return { seccompProfile };
    // cdk8s-plus always writes fsGroupChangePolicy; it means nothing without an fsGroup.
    const own = { ...fromPlus };
    if (own.fsGroup === undefined) delete own.fsGroupChangePolicy;
    return { ...own, seccompProfile };
  }

  private kubeUpdateStrategy(): k8s.DaemonSetUpdateStrategy {
    const json = this.updateStrategy.toJson();
    if (!json.rollingUpdate) return { type: json.type };
    return {
      type: json.type,
      rollingUpdate: {
        maxUnavailable: intOrString(json.rollingUpdate.maxUnavailable),
        maxSurge: intOrString(json.rollingUpdate.maxSurge),
      },
    };
  }

  private checkedContainer(cont: ContainerProps, property: string): ContainerProps {
    const problems: Problem[] = [];
    if (cont.name !== undefined) problems.push(...dnsLabelProblems(`${property}.name`, cont.name));
    problems.push(...imageProblems(`${property}.image`, cont.image, this.allowUnpinnedImages));
    problems.push(...resourceProblems(property, cont.resources));
    if (cont.securityContext === undefined) {
      problems.push({ property: `${property}.securityContext`, value: undefined, expected: 'Node agents differ in the privilege they need, so each container states it: e.g. { ensureNonRoot: true, user: 65534, readOnlyRootFilesystem: true } for an exporter, or { ensureNonRoot: false, user: 0, capabilities: { add: [...] } } for an agent that needs root.' });
    }
    const ports = [...(cont.ports ?? []), ...(cont.portNumber !== undefined ? [{ number: cont.portNumber }] : [])];
    ports.forEach((p, i) => {
      problems.push(...portNumberProblems(`${property}.ports[${i}].number`, p.number));
      if (p.hostPort !== undefined) problems.push(...portNumberProblems(`${property}.ports[${i}].hostPort`, p.hostPort));
      if (p.name !== undefined) problems.push(...portNameProblems(`${property}.ports[${i}].name`, p.name));
      if (this.hostNetwork && p.hostPort !== undefined && p.hostPort !== p.number) problems.push(hostNetworkPortProblem(`${property}.ports[${i}].hostPort`, p.number, p.hostPort));
    });
    problems.push(...this.hostPortClashes(ports.map(p => p.hostPort ?? (this.hostNetwork ? p.number : undefined)), property));
    assertValid(this, problems);
    // A `portNumber` makes cdk8s-plus add a TCP startup probe nobody asked for; an agent states
    // its probes, so the port is passed as a plain port instead.
    // cdk8s-plus defaults to pulling on every start; a pinned image never changes, and pulling
    // anyway makes every node's agent depend on the registry to restart.
    const imagePullPolicy = cont.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
    return cont.portNumber === undefined ? { ...cont, imagePullPolicy } : { ...cont, imagePullPolicy, portNumber: undefined, ports };
  }

  private hostPortClashes(hostPorts: (number | undefined)[], property: string): Problem[] {
    const taken = new Set<number>();
    for (const c of [...this.containers, ...this.initContainers]) {
      for (const p of c.ports) {
        const hostPort = p.hostPort ?? (this.hostNetwork ? p.number : undefined);
        if (hostPort !== undefined) taken.add(hostPort);
      }
    }
    return hostPorts.filter((p): p is number => p !== undefined && taken.has(p)).map(p => ({
      property: `${property}.ports`,
      value: p,
      expected: `Port ${p} is already published on the node by another container of this agent: use another port.`,
    }));
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
    const name = `${this.namespace}-${this.instance}`;
    const role = new ClusterScopedObject(this, 'ClusterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels: this.labels },
      rules: Lazy.any({ produce: () => renderRules(this.grantedRules) }),
    });
    const account = this.serviceAccount!;
    new ClusterScopedObject(this, 'ClusterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels: this.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: this.namespace }],
    });
    return role;
  }
}

function hostNetworkPortProblem(property: string, containerPort: number, hostPort: number): Problem {
  return { property, value: hostPort, expected: `With hostNetwork the container listens on the node itself, so hostPort must equal containerPort (${containerPort}): drop hostPort or change containerPort.` };
}

function countProblems(property: string, value: number): Problem[] {
  if (Number.isInteger(value) && value >= 0) return [];
  return [{ property, value, expected: 'Use a whole number of 0 or more.' }];
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/** cdk8s-plus writes `type: ""` for an unchecked hostPath; leaving it out means the same and reads clearly. */
function withoutEmptyHostPathType(volume: k8s.Volume): k8s.Volume {
  if (volume.hostPath?.type !== '') return volume;
  return { ...volume, hostPath: { path: volume.hostPath.path } };
}

function undefinedIfEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** Adds the agent's required node-affinity terms to whatever cdk8s-plus scheduling produced (ANDed). */
function combineAffinity(affinity: k8s.Affinity | undefined, terms: any[] | undefined): k8s.Affinity | undefined {
  if (terms === undefined) return affinity;
  const existing = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const combined = existing === undefined ? terms : existing.flatMap(a => terms.map(b => ({
    matchExpressions: [...(a.matchExpressions ?? []), ...(b.matchExpressions ?? [])],
    matchFields: a.matchFields,
  })));
  return {
    ...affinity,
    nodeAffinity: {
      ...affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: combined },
    },
  };
}
