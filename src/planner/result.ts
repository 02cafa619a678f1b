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
  /**
   * The pod fits alone, but every DaemonSet pod on the node together requests more than its
   * allocatable (or more pods than it allows): some of them stay Pending, which ones depends on
   * the order they are created, so each of them is warned.
   */
  NODE_OVERCOMMITTED = 'NodeOvercommitted',
  /** The node cannot run DaemonSet pods at all (an EKS Fargate or virtual-kubelet node): the pod stays Pending. */
  NODE_RUNS_NO_DAEMON_PODS = 'NodeRunsNoDaemonPods',
  /** The template's `spec.os.name` is not the node's `kubernetes.io/os`: the kubelet rejects the pod. */
  UNSERVED_OPERATING_SYSTEM = 'UnservedOperatingSystem',
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

/** What the DaemonSet pods planned on one node take of its allocatable (the "DaemonSet tax"). */
export interface NodeFootprint {
  /** The node's `metadata.name`. */
  readonly node: string;
  /** The node's pool (see PoolFootprint.pool). */
  readonly pool: string;
  /** DaemonSet pods the controller would create here (none on a node that runs no DaemonSet pods). */
  readonly pods: number;
  /** Their CPU requests together, in millicores (RuntimeClass overhead included). */
  readonly cpuMillis: number;
  /** Their memory requests together, in bytes (RuntimeClass overhead included). */
  readonly memoryBytes: number;
  /** `status.allocatable` pods; 0 when the node does not report it, as the scheduler counts it. */
  readonly allocatablePods: number;
  /** `status.allocatable` cpu in millicores; 0 when not reported. */
  readonly allocatableCpuMillis: number;
  /** `status.allocatable` memory in bytes; 0 when not reported. */
  readonly allocatableMemoryBytes: number;
  /** Some DaemonSet pod here stays Pending for resources (alone or together with the others). */
  readonly overcommitted: boolean;
}

/** The DaemonSet footprint of one node pool: the sums over its nodes. */
export interface PoolFootprint {
  /**
   * The pool's name: the value of the first of `eks.amazonaws.com/nodegroup`,
   * `karpenter.sh/nodepool`, `cloud.google.com/gke-nodepool`, `kubernetes.azure.com/agentpool`,
   * `node.kubernetes.io/instance-type` the node has; empty when it has none.
   */
  readonly pool: string;
  /** The label the name was read from; empty when none. */
  readonly poolLabel: string;
  /** Nodes in the pool. */
  readonly nodes: number;
  /** DaemonSet pods over the pool's nodes (NodeFootprint.pods summed). */
  readonly pods: number;
  /** Their CPU requests, in millicores, summed over the pool's nodes. */
  readonly cpuMillis: number;
  /** Their memory requests, in bytes, summed over the pool's nodes. */
  readonly memoryBytes: number;
  /** Allocatable pods summed over the pool's nodes. */
  readonly allocatablePods: number;
  /** Allocatable cpu in millicores summed over the pool's nodes. */
  readonly allocatableCpuMillis: number;
  /** Allocatable memory in bytes summed over the pool's nodes. */
  readonly allocatableMemoryBytes: number;
  /** Nodes of the pool where some DaemonSet pod stays Pending for resources. */
  readonly overcommittedNodes: number;
}

/** The DaemonSet footprint per node and per pool. */
export interface Footprint {
  /** In inventory order. */
  readonly nodes: NodeFootprint[];
  /** In order of first appearance in the inventory. */
  readonly pools: PoolFootprint[];
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
  /**
   * The nodes the DaemonSet means to run on: those its own node selection admits (template
   * `nodeName`, `nodeSelector`, required node affinity). Taints do not narrow it: a taint it does
   * not tolerate on such a node is a gap in coverage.
   */
  readonly intendedNodes: number;
  /** Intended nodes where its pod is created and no warning says it would stay Pending. */
  readonly runningNodes: number;
  /** Findings about the DaemonSet as a whole, not one node (a GPU agent that selects no GPU node). */
  readonly notices: string[];
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
  /** What the DaemonSets take of each node and pool. */
  readonly footprint: Footprint;
}
