/**
 * The planner's public result types. Field names and enum values are the `--json` contract:
 * `{"daemonSets":[{"name","namespace","nodes":[...],"rollout":{...},"warnings":[...]}]}`.
 */

/**
 * Why a DaemonSet does or does not place a pod on a node: the first failing check in the controller's
 * order. `NodeSelectorMismatch` and `NodeAffinityMismatch` are one check upstream (`fitsNodeAffinity`);
 * the planner tells them apart so the explanation can name the map or the term.
 */
export enum PlacementReason {
  /** Every check passes: the controller creates a pod (shouldRun) and keeps it. */
  ELIGIBLE = 'Eligible',
  /** The template sets `spec.nodeName` to another node. */
  NODE_NAME_MISMATCH = 'NodeNameMismatch',
  /** A `nodeSelector` label is missing or has another value. */
  NODE_SELECTOR_MISMATCH = 'NodeSelectorMismatch',
  /** No term of the required node affinity matches. */
  NODE_AFFINITY_MISMATCH = 'NodeAffinityMismatch',
  /** A NoExecute taint is not tolerated: no new pod, and an existing pod is deleted. */
  UNTOLERATED_NO_EXECUTE_TAINT = 'UntoleratedNoExecuteTaint',
  /** A NoSchedule taint is not tolerated: no new pod, but an existing pod is kept. */
  UNTOLERATED_NO_SCHEDULE_TAINT = 'UntoleratedNoScheduleTaint',
}

/** What leaves an eligible node's pod Pending after the controller created it. */
export enum PlanWarningKind {
  /** The pod's requests exceed the node's allocatable resources, before any other pod is counted. */
  INSUFFICIENT_RESOURCES = 'InsufficientResources',
  /** Another DaemonSet that also runs on the node claims the same host port and protocol. */
  HOST_PORT_CONFLICT = 'HostPortConflict',
}

/** One DaemonSet on one node. */
export interface NodePlacement {
  /** The node's `metadata.name`. */
  readonly node: string;
  /** The controller would create a daemon pod on this node if none exists. */
  readonly shouldRun: boolean;
  /** The controller keeps a daemon pod already on this node. */
  readonly shouldContinueRunning: boolean;
  /** The first failing check, or `Eligible`. */
  readonly reason: PlacementReason;
  /** The label, term or taint that excludes the node; empty when eligible. */
  readonly message: string;
}

/** The rolling update the controller would run for the current node inventory. */
export interface RolloutPlan {
  /** `RollingUpdate` or `OnDelete` (after defaulting). */
  readonly strategy: string;
  /** Nodes where the DaemonSet should run (`status.desiredNumberScheduled`). */
  readonly desiredNumberScheduled: number;
  /** Pods that may be unavailable at once; 0 for OnDelete. */
  readonly maxUnavailable: number;
  /** Extra pods that may run at once during the update; 0 for OnDelete. */
  readonly maxSurge: number;
  /** Batches of nodes the update proceeds in with healthy pods; 0 for OnDelete (updates are manual). */
  readonly waves: number;
  /** `spec.minReadySeconds` (0 when unset). */
  readonly minReadySeconds: number;
  /**
   * The floor readiness gating puts on the rollout: waves × minReadySeconds. Real rollouts also wait
   * for image pulls, container start and readiness probes in every wave.
   */
  readonly minDurationSeconds: number;
}

/** An eligible node where the pod would likely stay Pending. */
export interface PlanWarning {
  readonly kind: PlanWarningKind;
  /** The node concerned. */
  readonly node: string;
  /** The full explanation for this node. */
  readonly message: string;
  /** The explanation without node-specific values: warnings with the same kind and summary can be shown as one line. */
  readonly summary: string;
}

/** The plan for one DaemonSet. */
export interface DaemonSetPlan {
  readonly name: string;
  /** The manifest's namespace, `default` when it names none. */
  readonly namespace: string;
  /** Where the manifest was read from (`file:line`), when it came from a file. */
  readonly source?: string;
  /** Nodes where shouldRun is true. */
  readonly coveredNodes: number;
  /** Nodes in the inventory. */
  readonly totalNodes: number;
  /** One entry per node, in inventory order. */
  readonly nodes: NodePlacement[];
  readonly rollout: RolloutPlan;
  readonly warnings: PlanWarning[];
}

/** The plan for every DaemonSet against one node inventory. */
export interface CoveragePlan {
  /** In input order. */
  readonly daemonSets: DaemonSetPlan[];
  /** Nodes in the inventory. */
  readonly totalNodes: number;
}
