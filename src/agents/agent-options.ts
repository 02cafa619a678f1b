import { Duration } from 'cdk8s';
import { ContainerResources, EnvValue } from 'cdk8s-plus-28';
import { isExtraEnvValue } from './agent-guards';
import { AgentAlertsOptions, isAgentAlertsOptions } from './alert-options';
import { isVerticalPodAutoscalerOptions, VerticalPodAutoscalerOptions } from './vertical-pod-autoscaler';
import { NodeSelection } from '../base/node-selection';
import { Toleration } from '../base/tolerations';
import { UpdateStrategy } from '../base/update-strategy';
import { SyncWave } from '../gitops/sync-wave';
import { instanceOf, isBoolean, isInteger, isString, listOf, mapOf, optional, Schema } from '../validation/guards';
import { isContainerResources, isDuration } from '../validation/plus-schemas';

/**
 * Options every agent construct takes, handled once by the agents' shared base. Where the default
 * differs between agents (a CNI tolerates everything and rolls one node at a time, a GPU monitor
 * selects GPU nodes), each agent keeps it in its one defaults constant and documents it on its
 * props interface.
 */
export interface AgentOptions {
  /**
   * The namespace of the agent's namespaced objects.
   * @default - the agent's conventional namespace
   */
  readonly namespace?: string;
  /**
   * The installation name (`app.kubernetes.io/instance`) and the name of the agent's objects.
   * Give each installation its own when running the same agent twice.
   * @default - the agent's name
   */
  readonly instance?: string;
  /**
   * The larger application the agent is part of (`app.kubernetes.io/part-of`).
   * @default - no part-of label
   */
  readonly partOf?: string;
  /**
   * Which nodes run the agent; replaces the agent's default selection.
   * @default - the agent's default selection
   */
  readonly nodeSelection?: NodeSelection;
  /**
   * The taints the agent tolerates; replaces the agent's default tolerations.
   * @default - the agent's default tolerations
   */
  readonly tolerations?: Toleration[];
  /**
   * How pods are replaced on a change.
   * @default - the agent's default strategy
   */
  readonly updateStrategy?: UpdateStrategy;
  /**
   * How long a new pod must be ready before it counts as available (slows a rollout down so a
   * crash shortly after start stops it).
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;
  /**
   * How many old revisions are kept for rollback.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * The PriorityClass.
   * @default "system-node-critical"
   */
  readonly priorityClassName?: string;
  /**
   * The main container's CPU and memory requests and limits.
   * @default - the agent's measured defaults
   */
  readonly resources?: ContainerResources;
  /**
   * Extra environment variables for the main container. A variable the agent manages (one it sets
   * itself, e.g. the CNI's NODE_NAME from the downward API, or one a typed prop controls) is
   * refused, naming the prop to use instead: replacing it would silently break the agent.
   * @default - none
   */
  readonly extraEnv?: { [name: string]: EnvValue };
  /**
   * Extra command-line arguments for the main container, after the agent's own. An argument that
   * sets a flag the agent manages (`--flag`, `--flag=value`, or the same with one dash) is
   * refused, naming the prop that controls it: a flag given twice is refused by some agents and
   * silently overrides the agent's value in others.
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * A registry mirror every image of the agent is pulled from, for clusters that cannot reach
   * the upstream registries: a host with an optional port and path, without tag or digest. It
   * replaces the registry host of each image, init containers and sidecars included, and keeps
   * the path, tag and digest: with "mirror.example.com/quay",
   * `quay.io/prometheus/node-exporter:v1.12.1` is pulled as
   * `mirror.example.com/quay/prometheus/node-exporter:v1.12.1`. A Docker Hub short name is
   * written out first (`busybox:1.36` becomes `<mirror>/library/busybox:1.36`), as registry
   * proxies lay Docker Hub out. The mirror must serve every image under that path.
   * @default - each image from its upstream registry
   */
  readonly imageRegistry?: string;
  /**
   * Names of Secrets (type kubernetes.io/dockerconfigjson) the kubelet pulls the agent's images
   * with, e.g. the mirror's credentials. Each Secret must exist in the agent's namespace (pods
   * cannot read a Secret in another), and is yours to create: a missing one shows only as
   * ErrImagePull on the nodes.
   * @default - none (the nodes' own credentials, or anonymous pulls)
   */
  readonly imagePullSecrets?: string[];
  /**
   * Accept images without a version tag or digest (e.g. a custom CNI image tagged `latest`).
   * A moving tag lets each node pull a different build, and a re-pull changes every node at once.
   * @default false
   */
  readonly allowUnpinnedImages?: boolean;
  /**
   * The Argo CD sync wave of every object of the agent.
   * @default - the agent's layer: SyncWave.NETWORK for the CNI, SyncWave.STORAGE for the storage agent, SyncWave.SECURITY for the security agent, SyncWave.OBSERVABILITY for the others
   */
  readonly syncWave?: SyncWave;
  /**
   * Emit the agent's Namespace, labelled for Pod Security admission at the least level its agents
   * need. Several agents sharing a namespace share one Namespace object.
   * @default - true, except for kube-system, kube-public and default, which always exist
   */
  readonly createNamespace?: boolean;
  /**
   * Emit a VerticalPodAutoscaler for the agent's DaemonSet; `{}` for recommendations only, which
   * change nothing on the nodes (the VPA CRD and recommender must run in the cluster).
   * @default - no VerticalPodAutoscaler
   */
  readonly verticalPodAutoscaler?: VerticalPodAutoscalerOptions;
  /**
   * Health alerts: a prometheus-operator PrometheusRule with kubernetes-mixin's DaemonSet alerts
   * (rollout stuck, pods not scheduled, pods misscheduled) for the agent's DaemonSet, and the
   * agent's own from its metrics (Fluent Bit's failed retries and dropped records, node-exporter
   * down, dcgm-exporter's XID errors, Falco's dropped events) or kube-state-metrics' (a CNI pod
   * not ready on a node, a CSI node plugin restarting). An agent's own metric alerts come with its
   * ServiceMonitor or PodMonitor, whose job label they select on. `{}` asks for the alerts with
   * their defaults; `{ enabled: false }` turns them off.
   * @default - the alerts, with their defaults, when the agent emits a ServiceMonitor or PodMonitor (prometheus-operator's CRDs are then in the cluster); none otherwise
   */
  readonly alerts?: AgentAlertsOptions;
}

/**
 * The runtime shape of AgentOptions, spread into each agent's props schema and checked before
 * anything reads the props (JavaScript callers get no type checks from jsii).
 */
export const AGENT_OPTIONS_SCHEMA: Schema<AgentOptions> = {
  namespace: optional(isString),
  instance: optional(isString),
  partOf: optional(isString),
  nodeSelection: optional(instanceOf(NodeSelection, 'NodeSelection.linux()')),
  tolerations: optional(listOf(instanceOf(Toleration, 'Toleration.everything()'))),
  updateStrategy: optional(instanceOf(UpdateStrategy, 'UpdateStrategy.rollingUpdate()')),
  minReady: optional(isDuration),
  revisionHistoryLimit: optional(isInteger),
  priorityClassName: optional(isString),
  resources: optional(isContainerResources),
  extraEnv: optional(mapOf(isExtraEnvValue)),
  extraArgs: optional(listOf(isString)),
  syncWave: optional(instanceOf(SyncWave, 'SyncWave.of(-5)')),
  createNamespace: optional(isBoolean),
  imageRegistry: optional(isString),
  imagePullSecrets: optional(listOf(isString)),
  allowUnpinnedImages: optional(isBoolean),
  verticalPodAutoscaler: optional(isVerticalPodAutoscalerOptions),
  alerts: optional(isAgentAlertsOptions),
};
