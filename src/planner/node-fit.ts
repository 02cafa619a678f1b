/**
 * "Would this pod stay Pending?" as kube-scheduler's NodeResourcesFit filter answers it (reference
 * §6; pkg/scheduler/framework/plugins/noderesources/fit.go, fitsRequest, at v1.33.0), for every
 * DaemonSet pod planned on a node at once:
 *
 * - a pod fits only if the node's allocatable holds its requests plus those of the pods already
 *   there, so the DaemonSets' requests are summed per node, and "Too many pods" is a pod count
 *   against `allocatable.pods`. Other pods (Deployments, static pods) are unknown to the plan and
 *   only make things worse: a warning is certain, its absence is not;
 * - a node that reports no `status.allocatable` has zero of everything to the scheduler (its
 *   NodeInfo starts empty), so every pod stays Pending there;
 * - a RuntimeClass's `overhead.podFixed` is added to the requests of the pods that name it (the
 *   RuntimeClass admission plugin copies it into `spec.overhead`, which fit.go counts).
 *
 * Which of several pods that fit alone but not together stays Pending depends on the order the
 * controller creates them and the scheduler takes them from its queue (priority, then arrival),
 * which a plan cannot know. So each DaemonSet on such a node that requests an exhausted resource is
 * warned (NodeOvercommitted): a coverage gate then fails for all of them, which it must, since any
 * of them may be the one left out.
 *
 * Nodes that run no DaemonSet pods (hostless.ts) and pods the kubelet rejects for their OS take no
 * resources and get their own warnings.
 */
import { formatSchedulerUnits } from './quantity';
import type { ResourceAmounts } from './resources';
import { PlanWarningKind, type PlanWarning } from './result';

/** One DaemonSet as the fit check sees it. */
export interface FitDaemonSet {
  /** `namespace/name`, to name the others in an over-commitment. */
  readonly id: string;
  /** Effective requests (RuntimeClass overhead included), scheduler units. */
  readonly requests: ResourceAmounts;
  /** The template's `spec.os.name`, when set. */
  readonly os?: string;
}

/** One node as the fit check sees it. */
export interface FitNode {
  readonly name: string;
  /** Parsed `status.allocatable`; undefined when the node does not report it (the scheduler's zero). */
  readonly allocatable: ReadonlyMap<string, number> | undefined;
  /** Why the node runs no DaemonSet pods, if it does not. */
  readonly hostless?: string;
  /** The node's `kubernetes.io/os` label. */
  readonly os?: string;
}

/** What the planned DaemonSet pods take on one node. */
export interface NodeLoad {
  readonly pods: number;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly overcommitted: boolean;
}

/**
 * One warning the check gives on a node, and the DaemonSets that get it. An over-commitment or a
 * node that runs no DaemonSet pods warns every DaemonSet there with the same words, so each node
 * gets one warning object for all of them (frozen, as shared placements are: placements.ts),
 * not one per DaemonSet: a fleet of small nodes would otherwise hold millions.
 */
interface Verdict {
  readonly kind: PlanWarningKind;
  readonly message: string;
  readonly summary: string;
  readonly daemonSets: number[];
}

interface Outcome {
  /** Distinct warnings, in the order first given. */
  readonly verdicts: readonly Verdict[];
  readonly load: NodeLoad;
}

/** Collects verdicts, one per distinct warning. */
class Verdicts {
  public readonly list: Verdict[] = [];
  private readonly byText = new Map<string, Verdict>();

  public add(d: number, kind: PlanWarningKind, message: string, summary: string): void {
    const key = `${kind}\u0000${message}\u0000${summary}`;
    let verdict = this.byText.get(key);
    if (verdict === undefined) {
      this.byText.set(key, verdict = { kind, message, summary, daemonSets: [] });
      this.list.push(verdict);
    }
    verdict.daemonSets.push(d);
  }
}

/** A pod takes one of the node's pod slots, whatever else it requests. */
const POD_SLOT = 'pods';

const describe = (names: readonly string[], amounts: (name: string) => number) => names.map(n => `${n} ${formatSchedulerUnits(n, amounts(n))}`).join(', ');

export class NodeFit {
  /** Per run class, its outcome. */
  private readonly byClass: Array<Outcome | undefined> = [];
  /** Outcomes by their inputs: classes differ in labels the check does not read. */
  private readonly byInputs = new Map<string, Outcome>();
  private readonly requests: ResourceAmounts[];

  /**
   * @param classOf per node, its run class (run-classes.ts): nodes of a class have equal inputs
   *   (allocatable, hostless reason, OS, the DaemonSets planned)
   * @param fitOf per node, the number of its allocatable, hostless reason and OS (node-profiles.ts)
   */
  constructor(private readonly daemonSets: readonly FitDaemonSet[], private readonly classOf: Int32Array, private readonly fitOf: Int32Array) {
    this.requests = daemonSets.map(ds => new Map([...ds.requests, [POD_SLOT, 1]]));
  }

  /**
   * Checks node `node`, number `i`, on which DaemonSet `d` is planned wherever `runs[d][i]` is set;
   * pushes the warnings onto `warnings[d]`, sets `warned[d][i]` for each, and returns the node's
   * load. The outcome is worked out for the first node of each run class.
   */
  public check(node: FitNode, i: number, runs: readonly Uint8Array[], warnings: PlanWarning[][], warned: readonly Uint8Array[]): NodeLoad {
    let outcome = this.byClass[this.classOf[i]];
    if (outcome === undefined) this.byClass[this.classOf[i]] = outcome = this.outcome(node, i, runs);
    for (const v of outcome.verdicts) {
      const warning: PlanWarning = Object.freeze({ kind: v.kind, node: node.name, message: v.message, summary: v.summary });
      for (const d of v.daemonSets) {
        warnings[d].push(warning);
        warned[d][i] = 1;
      }
    }
    return outcome.load;
  }

  /** The outcome for the inputs of node `i`. */
  private outcome(node: FitNode, i: number, runs: readonly Uint8Array[]): Outcome {
    const placed: number[] = [];
    for (let d = 0; d < runs.length; d++) if (runs[d][i]) placed.push(d);
    const key = `${this.fitOf[i]}:${placed.join(',')}`;
    let outcome = this.byInputs.get(key);
    if (outcome === undefined) this.byInputs.set(key, outcome = this.decide(node, placed));
    return outcome;
  }

  private decide(node: FitNode, placed: readonly number[]): Outcome {
    const verdicts = new Verdicts();
    const noLoad: NodeLoad = { pods: 0, cpuMillis: 0, memoryBytes: 0, overcommitted: false };
    if (node.hostless !== undefined) {
      for (const d of placed) verdicts.add(d, PlanWarningKind.NODE_RUNS_NO_DAEMON_PODS, node.hostless, node.hostless);
      return { verdicts: verdicts.list, load: noLoad };
    }
    const alloc = (name: string) => node.allocatable?.get(name) ?? 0;
    // Why a resource reads 0, when the node does not say: the scheduler's reading, spelled out.
    const zeroNote = (short: readonly string[]) => {
      if (node.allocatable === undefined) return ' (the node reports no status.allocatable, which the scheduler counts as zero)';
      return short.includes(POD_SLOT) && !node.allocatable.has(POD_SLOT) ? ' (the node\'s allocatable lists no pods, which the scheduler counts as zero)' : '';
    };
    const admitted: number[] = [];
    for (const d of placed) {
      const os = this.daemonSets[d].os;
      if (os !== undefined && node.os !== undefined && os !== node.os) {
        const message = `the pod's spec.os.name is ${os} but the node's kubernetes.io/os is ${node.os}: the kubelet rejects it (PodOSNotSupported)`;
        verdicts.add(d, PlanWarningKind.UNSERVED_OPERATING_SYSTEM, message, message);
      } else {
        admitted.push(d);
      }
    }
    const total = new Map<string, number>();
    const fitting: number[] = [];
    let overcommitted = false;
    for (const d of admitted) {
      const req = this.requests[d];
      for (const [k, v] of req) total.set(k, (total.get(k) ?? 0) + v);
      const missing = [...req.keys()].filter(k => req.get(k)! > alloc(k));
      if (missing.length === 0) {
        fitting.push(d);
        continue;
      }
      overcommitted = true;
      const requested = describe(missing, k => req.get(k)!);
      const zero = zeroNote(missing);
      verdicts.add(d, PlanWarningKind.INSUFFICIENT_RESOURCES,
        `the pod requests ${requested} but the node's allocatable is ${describe(missing, alloc)}${zero}; it stays Pending`,
        `the pod requests ${requested}, more than the node's allocatable${zero}; it stays Pending`);
    }
    // The pods that fit alone, together.
    const together = new Map<string, number>();
    for (const d of fitting) for (const [k, v] of this.requests[d]) together.set(k, (together.get(k) ?? 0) + v);
    const exhausted = [...together.keys()].filter(k => together.get(k)! > alloc(k));
    if (exhausted.length > 0) {
      overcommitted = true;
      const ids = fitting.map(d => this.daemonSets[d].id).join(', ');
      const requested = describe(exhausted, k => together.get(k)!);
      const podsOnly = exhausted.includes(POD_SLOT) ? `${zeroNote(exhausted)} (DaemonSet pods only: other pods on the node are not known to the plan)` : '';
      const summary = `the ${fitting.length} DaemonSet pods that fit here alone request ${requested} together, more than the node's allocatable${podsOnly}; `
        + 'which of them stay Pending depends on the order they are created';
      const message = `the ${fitting.length} DaemonSet pods that fit here alone (${ids}) request ${requested} together, `
        + `but the node's allocatable is ${describe(exhausted, alloc)}${podsOnly}; which of them stay Pending depends on the order they are created`;
      for (const d of fitting) {
        if (exhausted.some(k => this.requests[d].has(k))) verdicts.add(d, PlanWarningKind.NODE_OVERCOMMITTED, message, summary);
      }
    }
    return {
      verdicts: verdicts.list,
      load: { pods: admitted.length, cpuMillis: total.get('cpu') ?? 0, memoryBytes: total.get('memory') ?? 0, overcommitted },
    };
  }
}
