/**
 * The planning loop: nodes are prepared once and grouped into profiles (nodes that every rule sees
 * alike), each DaemonSet's rules are compiled once, then each DaemonSet is decided once per
 * profile and every (DaemonSet, node) pair is an array lookup. Results are shared per node,
 * messages are built only for skipped profiles, so the cost stays linear in nodes × DaemonSets
 * with a small constant.
 */
import { checkCapacity } from './capacity';
import { checkedNodes } from './checked-nodes';
import { footprintOf } from './footprint';
import { gpuNodes, gpuReachNotice } from './gpu-reach';
import { hostPortClaims, type HostPortClaim } from './host-ports';
import { hostlessReason } from './hostless';
import { outsideSelection } from './intended';
import type { DaemonSetManifest, Taint } from './k8s-types';
import { NodeFit, type NodeLoad } from './node-fit';
import { NodeProfiles } from './node-profiles';
import { nodeView, type NodeView } from './node-view';
import { PlacementTable } from './placements';
import { PortClashes } from './port-clashes';
import { nodeAllocatable, podRequests, type ResourceAmounts } from './resources';
import { PlacementReason, type CoveragePlan, type DaemonSetPlan, type NodePlacement, type PlanWarning } from './result';
import { planRollout, resolveUpdateStrategy } from './rollout';
import { runtimeClassOverheads, withOverhead } from './runtime-classes';
import { PlacementRule } from './should-run';
import { checkDaemonSet, daemonSetLabel } from './validate';

/** A DaemonSet to plan and, when it came from a file, where (`file:line`). */
export interface DaemonSetInput {
  readonly manifest: unknown;
  readonly source?: string;
}

interface Compiled {
  readonly manifest: DaemonSetManifest;
  readonly id: string;
  readonly source?: string;
  readonly rule: PlacementRule;
  readonly requests: ResourceAmounts;
  readonly os?: string;
  readonly claims: HostPortClaim[];
  readonly rollout: ReturnType<typeof resolveUpdateStrategy>;
}

function compile(input: DaemonSetInput, index: number, overheads: ReadonlyMap<string, ResourceAmounts>): Compiled {
  const where = daemonSetLabel(input.manifest, input.source, index);
  const manifest = checkDaemonSet(input.manifest, where);
  const podSpec = manifest.spec!.template!.spec!;
  return {
    manifest,
    id: `${manifest.metadata?.namespace ?? 'default'}/${manifest.metadata!.name!}`,
    source: input.source,
    rule: PlacementRule.compile(podSpec),
    requests: withOverhead(podRequests(podSpec, where), overheads.get(podSpec.runtimeClassName ?? '')),
    os: podSpec.os?.name || undefined,
    claims: hostPortClaims(podSpec),
    rollout: resolveUpdateStrategy(manifest, where),
  };
}

/** Profile decisions: not decided yet, or eligible; a skip is its position in the profile's list. */
const UNDECIDED = -2;
const ELIGIBLE = -1;

/** Decides one DaemonSet on every node: once per profile, or node by node when its rule reads node names. */
function place(
  rule: PlacementRule, views: readonly NodeView[], profiles: NodeProfiles, table: PlacementTable, run: Uint8Array, list: NodePlacement[],
): void {
  if (rule.readsNodeName()) {
    for (let i = 0; i < views.length; i++) {
      const reason = rule.decide(views[i]);
      if (reason === PlacementReason.ELIGIBLE) {
        run[i] = 1;
        list[i] = table.eligibleAt(i);
      } else {
        list[i] = table.skippedWith(i, reason, rule.explain(views[i], reason));
      }
    }
    return;
  }
  const decided = new Int32Array(profiles.count).fill(UNDECIDED);
  const profileOf = profiles.profileOf;
  for (let i = 0; i < views.length; i++) {
    const p = profileOf[i];
    let k = decided[p];
    if (k === UNDECIDED) {
      const reason = rule.decide(views[i]);
      k = reason === PlacementReason.ELIGIBLE ? ELIGIBLE : table.skipIndex(p, reason, rule.explain(views[i], reason));
      decided[p] = k;
    }
    if (k === ELIGIBLE) {
      run[i] = 1;
      list[i] = table.eligibleAt(i);
    } else {
      list[i] = table.skippedAt(i, p, k);
    }
  }
}

/** Intended nodes, and those where the pod is created and no warning says it stays Pending. */
function coverageCounts(
  placements: readonly NodePlacement[], runs: Uint8Array, warnings: readonly PlanWarning[], index: ReadonlyMap<string, number>,
): { intended: number; running: number } {
  const pending = new Uint8Array(placements.length);
  for (const w of warnings) {
    const i = index.get(w.node);
    if (i !== undefined) pending[i] = 1;
  }
  let intended = 0;
  let running = 0;
  for (let i = 0; i < placements.length; i++) {
    if (outsideSelection(placements[i])) continue;
    intended++;
    if (runs[i] && !pending[i]) running++;
  }
  return { intended, running };
}

/**
 * Plans every DaemonSet against every node. `nodesWhere` names the inventory in error messages;
 * `runtimeClasses` are the RuntimeClass objects among the inputs (their pod overhead counts).
 * Throws PlannerInputError for input the API server would refuse, and for a plan too large for
 * the process's heap (capacity.ts).
 */
export function planCoverage(
  daemonSets: readonly DaemonSetInput[], nodes: readonly unknown[], nodesWhere: string, runtimeClasses: readonly unknown[] = [],
): CoveragePlan {
  const checked = checkedNodes(nodes, nodesWhere);
  const overheads = runtimeClassOverheads(runtimeClasses);
  const compiled = daemonSets.map((input, i) => compile(input, i, overheads));
  checkCapacity(checked.length, compiled.length);
  const labelKeys = new Set(compiled.flatMap(c => c.rule.labelKeys()));
  const taints = new Map<string, Taint>();
  const views = checked.map((n, i) => {
    const name = n.metadata!.name!;
    return nodeView(n, nodeAllocatable(n.status?.allocatable, `${nodesWhere}: item ${i} (node ${name})`), taints, labelKeys);
  });
  const profiles = NodeProfiles.of(views, labelKeys);
  const table = new PlacementTable(views, profiles.count);
  const runs: Uint8Array[] = compiled.map(() => new Uint8Array(views.length));
  const placements: NodePlacement[][] = compiled.map((c, d) => {
    const list = new Array<NodePlacement>(views.length);
    place(c.rule, views, profiles, table, runs[d], list);
    return list;
  });
  const warnings: PlanWarning[][] = compiled.map(() => []);
  const fit = new NodeFit(compiled);
  const loads: NodeLoad[] = checked.map((n, i) => fit.check({
    name: views[i].name,
    allocatable: views[i].allocatable,
    hostless: hostlessReason(n),
    os: n.metadata?.labels?.['kubernetes.io/os'],
  }, i, runs, warnings));
  const portWarnings = new PortClashes(compiled.map(c => c.claims), compiled.map(c => c.id)).warnings(runs, views.map(v => v.name));
  portWarnings.forEach((own, d) => {
    for (const w of own) warnings[d].push(w);
  });
  const index = new Map(views.map((v, i) => [v.name, i]));
  const gpu = gpuNodes(views);
  const plans: DaemonSetPlan[] = compiled.map((ds, d) => {
    let covered = 0;
    for (let i = 0; i < views.length; i++) covered += runs[d][i];
    const { intended, running } = coverageCounts(placements[d], runs[d], warnings[d], index);
    const notice = gpuReachNotice(ds.rule.labelKeys(), placements[d], gpu);
    return {
      name: ds.manifest.metadata!.name!,
      namespace: ds.manifest.metadata?.namespace ?? 'default',
      source: ds.source,
      coveredNodes: covered,
      totalNodes: views.length,
      intendedNodes: intended,
      runningNodes: running,
      nodes: placements[d],
      rollout: planRollout(ds.rollout, covered),
      warnings: warnings[d],
      notices: notice === undefined ? [] : [notice],
    };
  });
  return { daemonSets: plans, totalNodes: views.length, footprint: footprintOf(checked, views.map(v => v.allocatable), loads) };
}
