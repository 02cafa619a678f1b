import { ApiObject, Chart } from 'cdk8s';
import { Container, ContainerProps, ContainerResources, IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AgentOptions } from './agent-options';
import { alertsProblems, alertsWanted, KUBE_STATE_METRICS_JOB } from './alert-options';
import { AgentAlerts, AlertRule } from './alert-rule';
import { daemonSetAlerts } from './daemonset-alerts';
import { addPrometheusRule } from './prometheus-rule';
import { addVerticalPodAutoscaler, verticalPodAutoscalerProblems } from './vertical-pod-autoscaler';
import { assertValid, Problem } from '../base/errors';
import { pullSecretProblems, registryProblems } from '../base/image-source';
import { merged } from '../base/merged';
import { dnsLabelProblems, envNameProblems, serviceNameProblems } from '../base/names';
import { NodeAgent } from '../base/node-agent';
import { NodeAgentProps } from '../base/node-agent-props';
import { NodeSelection } from '../base/node-selection';
import { Toleration } from '../base/tolerations';
import { UpdateStrategy } from '../base/update-strategy';
import { AgentNamespace } from '../gitops/agent-namespace';
import { SyncWave } from '../gitops/sync-wave';
import { libraryBuilt } from '../validation/guards';

/**
 * The defaults of the shared options (AgentOptions) that differ from one agent to another, in
 * the one shape every agent fills in, in one constant. The options whose default is the same for
 * every agent (minReady, revisionHistoryLimit, priorityClassName) are NodeAgent's defaults.
 */
export interface AgentDefaults {
  /** The namespace of the agent's namespaced objects. */
  readonly namespace: string;
  /** The nodes the agent runs on. */
  readonly nodeSelection: NodeSelection;
  /** The taints the agent tolerates. */
  readonly tolerations: Toleration[];
  /** How the agent's pods are replaced. */
  readonly updateStrategy: UpdateStrategy;
  /** The main container's requests and limits. */
  readonly resources: ContainerResources;
  /** When Argo CD applies the agent, relative to other agents: its layer. */
  readonly syncWave: SyncWave;
}

/** Who the agent is: the recommended labels' name (the default instance too), component and version. */
export interface AgentIdentity {
  /** The application name (`app.kubernetes.io/name`), e.g. "node-exporter". */
  readonly name: string;
  /** Its role (`app.kubernetes.io/component`), e.g. "exporter". */
  readonly component: string;
  /** The release it runs (`app.kubernetes.io/version`). */
  readonly version: string;
}

/** Why the agent manages an env var or flag of its main container, and how a user changes it. */
export interface ManagedSetting {
  /** What the agent's value is for, or what another value would break. */
  readonly reason: string;
  /** The prop that controls it, named in the fix ("use <prop> instead"). */
  readonly prop?: string;
  /** The fix, where neither "use <prop> instead" nor "drop it" is the right one. */
  readonly fix?: string;
}

/** What an agent hands the base: its own problems, pod settings, main container and what it manages. */
export interface AgentSpec {
  /** The problems of the agent's own props, reported with the shared ones, all at once. */
  readonly problems: Problem[];
  /** Whether a Service is named after the instance, which makes it a DNS-1035 label. */
  readonly instanceNamesService: boolean;
  /** What only this agent sets on the DaemonSet and its pods (host namespaces, RBAC, ...). */
  readonly daemonSet: Omit<NodeAgentProps, keyof AgentIdentity | 'instance' | 'partOf' | 'nodeSelection' | 'tolerations'
  | 'updateStrategy' | 'minReadySeconds' | 'revisionHistoryLimit' | 'priorityClassName' | 'imagePullSecrets' | 'imageRegistry' | 'allowUnpinnedImages'>;
  /** The main container with the agent's own env and args; `resources` come from the options. */
  readonly container: Omit<ContainerProps, 'resources'>;
  /** Env vars the agent manages, beyond the ones its container sets (which it always manages). */
  readonly env?: Record<string, ManagedSetting>;
  /** Flags the agent manages ("--flag" as written), beyond the ones in its container's args. */
  readonly flags?: Record<string, ManagedSetting>;
  /** The agent's own health alerts, and whether it is monitored (which turns the alerts on by default). */
  readonly alerts: AgentAlerts;
}

// Namespaces every cluster has; labelling them would change Pod Security for everything else there.
const BUILT_IN_NAMESPACES = new Set(['kube-system', 'kube-public', 'default']);

/** What _deploy() creates, which the agent's getters return. */
interface Deployed {
  readonly daemonSet: NodeAgent;
  readonly container: Container;
  readonly vpa?: ApiObject;
  readonly prometheusRule?: ApiObject;
}

// For an env var or flag the container sets without declaring why.
const OWN_VALUE: ManagedSetting = { reason: 'the agent sets it on its container' };

/**
 * The base of every agent construct. It owns what all agents share: the shared options and
 * their defaults, the checks of those options (reported with the agent's own problems, all at
 * once), the Namespace and sync wave the agent is delivered with, the NodeAgent, and the main
 * container with `resources`, `extraEnv` and `extraArgs` applied. An agent adds only what makes
 * it that agent: its props, its pod and container settings, its files, Services and monitors.
 *
 * An agent's constructor calls `super()`, works out its own settings, then `_deploy()` once.
 *
 * Internal: not exported from index.ts, so jsii folds its public members into each agent.
 * @internal
 */
export abstract class AgentBase extends Construct {
  /** The namespace of the agent's namespaced objects. */
  public readonly namespace: string;
  /** The installation name (`app.kubernetes.io/instance`) and the name of the agent's objects. */
  public readonly instance: string;

  private readonly options: AgentOptions;
  private readonly defaults: AgentDefaults;
  private readonly identity: AgentIdentity;
  private deployed?: Deployed;

  protected constructor(scope: Construct, id: string, options: AgentOptions, identity: AgentIdentity, defaults: AgentDefaults) {
    super(scope, id);
    this.options = options;
    this.identity = identity;
    this.defaults = defaults;
    this.namespace = options.namespace ?? defaults.namespace;
    this.instance = options.instance ?? identity.name;
  }

  /** The DaemonSet (escape hatch for what the props do not cover). */
  public get daemonSet(): NodeAgent {
    return this.parts().daemonSet;
  }

  /** The agent's main container. */
  public get container(): Container {
    return this.parts().container;
  }

  /** The VerticalPodAutoscaler, when `verticalPodAutoscaler` asks for one. */
  public get verticalPodAutoscaler(): ApiObject | undefined {
    return this.parts().vpa;
  }

  /** The PrometheusRule of the agent's health alerts, when `alerts` asks for it (by default, with a ServiceMonitor or PodMonitor). */
  public get prometheusRule(): ApiObject | undefined {
    return this.parts().prometheusRule;
  }

  /** The agent's ServiceAccount (a token is mounted only when the agent calls the API). */
  public get serviceAccount(): IServiceAccount {
    return this.daemonSet.serviceAccount!;
  }

  /**
   * The shared options the agent runs with: each as given, or the agent's default.
   * @internal
   */
  protected get _effective(): AgentDefaults {
    const o = this.options;
    const d = this.defaults;
    return {
      namespace: this.namespace,
      nodeSelection: o.nodeSelection ?? d.nodeSelection,
      tolerations: o.tolerations ?? d.tolerations,
      updateStrategy: o.updateStrategy ?? d.updateStrategy,
      resources: o.resources ?? d.resources,
      syncWave: o.syncWave ?? d.syncWave,
    };
  }

  /**
   * Checks the shared options and the agent's own problems, all at once; then delivers the agent
   * (its Namespace and sync wave), creates the NodeAgent and adds the main container.
   * @internal
   */
  protected _deploy(spec: AgentSpec): void {
    const o = this.options;
    const withAlerts = alertsWanted(o.alerts, spec.alerts.monitored);
    const alerts = withAlerts ? this.alertRules(spec) : [];
    assertValid(this, [
      ...dnsLabelProblems('namespace', this.namespace),
      ...(spec.instanceNamesService ? serviceNameProblems('instance', this.instance) : dnsLabelProblems('instance', this.instance)),
      ...spec.problems,
      ...(o.minReady !== undefined ? minReadyProblems(o.minReady.toMilliseconds({ integral: false })) : []),
      ...envNameProblems('extraEnv', Object.keys(o.extraEnv ?? {})),
      ...envCollisions(spec, Object.keys(o.extraEnv ?? {})),
      ...flagCollisions(spec, o.extraArgs ?? []),
      ...(o.imageRegistry !== undefined ? registryProblems('imageRegistry', o.imageRegistry) : []),
      ...pullSecretProblems('imagePullSecrets', o.imagePullSecrets ?? []),
      ...(o.verticalPodAutoscaler !== undefined ? verticalPodAutoscalerProblems(o.verticalPodAutoscaler) : []),
      ...(o.alerts !== undefined ? alertsProblems(o.alerts, alerts) : []),
    ]);

    const effective = this._effective;
    const agentNamespace = this.deliver(effective.syncWave);
    const daemonSet = new NodeAgent(this, 'DaemonSet', libraryBuilt(merged(merged(spec.daemonSet, this.identity), {
      instance: this.instance,
      partOf: o.partOf,
      metadata: merged(spec.daemonSet.metadata, { namespace: this.namespace }),
      nodeSelection: effective.nodeSelection,
      tolerations: effective.tolerations,
      updateStrategy: effective.updateStrategy,
      minReadySeconds: o.minReady?.toSeconds(),
      revisionHistoryLimit: o.revisionHistoryLimit,
      priorityClassName: o.priorityClassName,
      imagePullSecrets: o.imagePullSecrets,
      imageRegistry: o.imageRegistry,
      allowUnpinnedImages: o.allowUnpinnedImages,
    })));
    agentNamespace?.addAgent(daemonSet);
    const args = [...(spec.container.args ?? []), ...(o.extraArgs ?? [])];
    const container = daemonSet.addContainer(libraryBuilt(merged(spec.container, {
      args: args.length > 0 ? args : undefined,
      envVariables: merged(spec.container.envVariables, o.extraEnv ?? {}),
      resources: effective.resources,
    })));
    const vpa = o.verticalPodAutoscaler !== undefined ? addVerticalPodAutoscaler(daemonSet, container.name, o.verticalPodAutoscaler) : undefined;
    const prometheusRule = withAlerts ? addPrometheusRule(daemonSet, alerts, o.alerts ?? {}) : undefined;
    this.deployed = { daemonSet, container, vpa, prometheusRule };
  }

  /**
   * kubernetes-mixin's DaemonSet alerts and the agent's own, for its DaemonSet and namespace, the
   * kube-state-metrics job, and the job its monitor gives its series (the `app.kubernetes.io/name`
   * label, the monitors' jobLabel).
   */
  private alertRules(spec: AgentSpec): AlertRule[] {
    const scope = {
      namespace: this.namespace,
      daemonSet: spec.daemonSet.metadata?.name ?? this.instance,
      kubeStateMetricsJob: this.options.alerts?.kubeStateMetricsJob ?? KUBE_STATE_METRICS_JOB,
      job: spec.alerts.monitored ? this.identity.name : undefined,
    };
    return [...daemonSetAlerts(scope), ...spec.alerts.rules(scope)];
  }

  /**
   * The agent's Namespace: the app's AgentNamespace of that name, created (in the chart, as its
   * wave is the lowest of all its agents', not this one's) unless it is a built-in namespace or
   * `createNamespace` says otherwise; and the sync wave on every object of the agent.
   */
  private deliver(syncWave: SyncWave): AgentNamespace | undefined {
    const wanted = this.options.createNamespace ?? !BUILT_IN_NAMESPACES.has(this.namespace);
    const existing = AgentNamespace.find(this, this.namespace);
    const agentNamespace = existing ?? (wanted ? new AgentNamespace(Chart.of(this), `Namespace-${this.namespace}`, { name: this.namespace }) : undefined);
    syncWave.applyTo(this);
    return agentNamespace;
  }

  private parts(): Deployed {
    // Only reachable from an agent's own constructor before _deploy(): a bug in the agent.
    if (!this.deployed) throw new Error(`${this.node.path}: the agent read its DaemonSet before _deploy() created it`);
    return this.deployed;
  }
}

/** extraEnv entries naming a variable the agent manages: refused, never replaced silently. */
function envCollisions(spec: AgentSpec, names: readonly string[]): Problem[] {
  // Most agents get no extraEnv: the managed set is only worked out when there is one.
  if (names.length === 0) return [];
  const env = new Map(Object.entries({ ...ownEnv(spec.container), ...spec.env }));
  return names.flatMap(name => {
    const managed = env.get(name);
    return managed ? [collision(`extraEnv[${name}]`, name, name, managed, 'extraEnv')] : [];
  });
}

/** extraArgs flags the agent already sets or manages. */
function flagCollisions(spec: AgentSpec, extraArgs: readonly string[]): Problem[] {
  if (extraArgs.length === 0) return [];
  const flags = Object.entries({ ...ownFlags(spec.container), ...spec.flags });
  return extraArgs.flatMap((arg, i) => {
    // Only a flag can set one: a separate value ("--iface", "eth1") is not matched.
    const managed = arg.startsWith('-') ? flags.find(([flag]) => flagName(flag) === flagName(arg)) : undefined;
    return managed ? [collision(`extraArgs[${i}]`, arg, managed[0], managed[1], 'extraArgs')] : [];
  });
}

/** The env vars the container sets itself. */
function ownEnv(container: ContainerProps): Record<string, ManagedSetting> {
  return Object.fromEntries(Object.keys(container.envVariables ?? {}).map(name => [name, OWN_VALUE]));
}

/** The flags in the container's own args. */
function ownFlags(container: ContainerProps): Record<string, ManagedSetting> {
  return Object.fromEntries((container.args ?? []).filter(arg => arg.startsWith('-')).map(arg => [arg.split('=')[0], OWN_VALUE]));
}

/**
 * A flag's name as the agents' parsers read it: without "=value", and with one or two dashes
 * alike (Go's flag package, used by flannel and dcgm-exporter, reads "-name" and "--name" the same).
 */
function flagName(arg: string): string {
  return arg.split('=')[0].replace(/^--?/, '');
}

function collision(property: string, value: string, what: string, managed: ManagedSetting, option: string): Problem {
  const fix = managed.fix ?? (managed.prop !== undefined ? `use ${managed.prop} instead` : `drop it from ${option}`);
  return { property, value, expected: `The agent manages ${what} (${managed.reason}): ${fix}.` };
}

/** minReady as Kubernetes counts it (minReadySeconds): whole seconds, 0 or more. */
function minReadyProblems(millis: number): Problem[] {
  if (millis % 1000 === 0 && millis >= 0) return [];
  return [{ property: 'minReady', value: `${millis}ms`, expected: 'Kubernetes counts minReadySeconds in whole seconds of 0 or more: use e.g. Duration.seconds(10).' }];
}
