import { Duration } from 'cdk8s';
import { ContainerResources, EnvValue } from 'cdk8s-plus-28';
import { isExtraEnvValue } from './agent-guards';
import { NodeSelection } from '../base/node-selection';
import { Toleration } from '../base/tolerations';
import { UpdateStrategy } from '../base/update-strategy';
import { SyncWave } from '../gitops/sync-wave';
import { instanceOf, isBoolean, isInteger, isString, listOf, mapOf, optional, Schema } from '../validation/guards';
import { isContainerResources, isDuration } from '../validation/plus-schemas';

/**
 * Options every agent construct takes. Each agent documents its own defaults for these on its
 * props interface (they differ: a CNI tolerates everything and rolls one node at a time, a GPU
 * monitor selects GPU nodes), and keeps them in one place in its file.
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
   * Extra environment variables for the main container.
   * @default - none
   */
  readonly extraEnv?: { [name: string]: EnvValue };
  /**
   * Extra command-line arguments for the main container, after the agent's own.
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * The Argo CD sync wave of every object of the agent.
   * @default - the agent's layer: SyncWave.NETWORK for the CNI, SyncWave.OBSERVABILITY for the others
   */
  readonly syncWave?: SyncWave;
  /**
   * Emit the agent's Namespace, labelled for Pod Security admission at the least level its agents
   * need. Several agents sharing a namespace share one Namespace object.
   * @default - true, except for kube-system, kube-public and default, which always exist
   */
  readonly createNamespace?: boolean;
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
};
