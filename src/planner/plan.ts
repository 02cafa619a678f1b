/**
 * The planning loop: nodes are prepared once, each DaemonSet's rules are compiled once, then every
 * (DaemonSet, node) pair is one `decide` call. Eligible results are shared per node, messages are
 * built only for skipped nodes, so the cost stays linear in nodes × DaemonSets with a small constant.
 */
import { checkCapacity } from './capacity';
import { hostPortClaims, type HostPortClaim } from './host-ports';
import type { DaemonSetManifest, Taint } from './k8s-types';
import { nodeView, type NodeView } from './node-view';
import { PortClashes } from './port-clashes';
import { formatSchedulerUnits } from './quantity';
import { FitChecker, nodeAllocatable, podRequests, type ResourceAmounts } from './resources';
import { PlacementReason, PlanWarningKind, type CoveragePlan, type DaemonSetPlan, type NodePlacement, type PlanWarning } from './result';
import { planRollout, resolveUpdateStrategy } from './rollout';
import { PlacementRule, shouldContinueRunningFor } from './should-run';
import { checkDaemonSet, checkNodes, daemonSetLabel } from './validate';

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
  readonly claims: HostPortClaim[];
  readonly rollout: ReturnType<typeof resolveUpdateStrategy>;
}

function compile(input: DaemonSetInput, index: number): Compiled {
  const where = daemonSetLabel(input.manifest, input.source, index);
  const manifest = checkDaemonSet(input.manifest, where);
  const podSpec = manifest.spec!.template!.spec!;
  return {
    manifest,
    id: `${manifest.metadata?.namespace ?? 'default'}/${manifest.metadata!.name!}`,
    source: input.source,
    rule: PlacementRule.compile(podSpec),
    requests: podRequests(podSpec, where),
    claims: hostPortClaims(podSpec),
    rollout: resolveUpdateStrategy(manifest, where),
  };
}

function resourceWarnings(ds: Compiled, d: number, fit: FitChecker, views: readonly NodeView[], runs: Uint8Array): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (ds.requests.size === 0) return warnings;
  // Messages depend only on the node's profile: build each once, share the strings.
  const texts = new Map<number, { message: string; summary: string }>();
  const summaries = new Map<string, string>();
  for (let i = 0; i < views.length; i++) {
    const profile = fit.nodeProfile[i];
    if (!runs[i] || profile < 0) continue;
    const missing = fit.shortfall(d, profile);
    if (missing === null) continue;
    let text = texts.get(profile);
    if (text === undefined) {
      const requested = missing.map(r => `${r} ${formatSchedulerUnits(r, ds.requests.get(r)!)}`).join(', ');
      const available = missing.map(r => `${r} ${formatSchedulerUnits(r, fit.allocatable(profile, r))}`).join(', ');
      let summary = summaries.get(requested);
      if (summary === undefined) {
        summary = `the pod requests ${requested}, more than the node's allocatable; it stays Pending`;
        summaries.set(requested, summary);
      }
      text = { message: `the pod requests ${requested} but the node's allocatable is ${available}; it stays Pending`, summary };
      texts.set(profile, text);
    }
    warnings.push({ kind: PlanWarningKind.INSUFFICIENT_RESOURCES, node: views[i].name, message: text.message, summary: text.summary });
  }
  return warnings;
}

/**
 * The result for a skipped node, shared by every DaemonSet skipping that node with the same
 * message (the message determines the reason): DaemonSets tend to be skipped for the same
 * reasons, and a plan of a million pairs should not hold a million objects. Results are frozen.
 */
function skippedPlacement(
  cache: Array<Map<string, NodePlacement> | undefined>, i: number, node: string, reason: PlacementReason, message: string,
): NodePlacement {
  let byMessage = cache[i];
  if (byMessage === undefined) cache[i] = byMessage = new Map();
  let placement = byMessage.get(message);
  if (placement === undefined) {
    placement = Object.freeze({ node, shouldRun: false, shouldContinueRunning: shouldContinueRunningFor(reason), reason, message });
    byMessage.set(message, placement);
  }
  return placement;
}

/** How many nodes are decided for every DaemonSet before moving on (fits the views in cache). */
const NODE_BLOCK = 2048;

/**
 * Plans every DaemonSet against every node. `nodesWhere` names the inventory in error messages.
 * Throws PlannerInputError for input the API server would refuse, and for a plan too large for
 * the process's heap (capacity.ts).
 */
export function planCoverage(daemonSets: readonly DaemonSetInput[], nodes: readonly unknown[], nodesWhere: string): CoveragePlan {
  const taints = new Map<string, Taint>();
  const views = checkNodes(nodes, nodesWhere).map((n, i) => {
    const name = n.metadata!.name!;
    return nodeView(n, nodeAllocatable(n.status?.allocatable, `${nodesWhere}: item ${i} (node ${name})`), taints);
  });
  const eligible: NodePlacement[] = views.map(v => Object.freeze({
    node: v.name, shouldRun: true, shouldContinueRunning: true, reason: PlacementReason.ELIGIBLE, message: '',
  }));
  const skipped: Array<Map<string, NodePlacement> | undefined> = new Array(views.length);
  const compiled = daemonSets.map(compile);
  checkCapacity(views.length, compiled.length);
  const fit = new FitChecker(compiled.map(c => c.requests), views.map(v => v.allocatable));
  const runs: Uint8Array[] = compiled.map(() => new Uint8Array(views.length));
  const placements: NodePlacement[][] = compiled.map(() => new Array<NodePlacement>(views.length));
  // Node by node in blocks, every DaemonSet per block: one DaemonSet at a time over every node
  // evicts the node views from the CPU cache on each pass, and the cost per pair then grows
  // with the fleet (about 240 ns per pair at 10,000 nodes, 350 ns at 50,000).
  for (let start = 0; start < views.length; start += NODE_BLOCK) {
    const end = Math.min(start + NODE_BLOCK, views.length);
    for (let d = 0; d < compiled.length; d++) {
      const rule = compiled[d].rule;
      const run = runs[d];
      const list = placements[d];
      for (let i = start; i < end; i++) {
        const reason = rule.decide(views[i]);
        if (reason === PlacementReason.ELIGIBLE) {
          run[i] = 1;
          list[i] = eligible[i];
        } else {
          list[i] = skippedPlacement(skipped, i, views[i].name, reason, rule.explain(views[i], reason));
        }
      }
    }
  }
  const portWarnings = new PortClashes(compiled.map(c => c.claims), compiled.map(c => c.id)).warnings(runs, views.map(v => v.name));
  const warnings: PlanWarning[][] = compiled.map((ds, d) => {
    const own = resourceWarnings(ds, d, fit, views, runs[d]);
    for (const w of portWarnings[d]) own.push(w);
    return own;
  });
  const plans: DaemonSetPlan[] = compiled.map((ds, d) => {
    let covered = 0;
    for (let i = 0; i < views.length; i++) covered += runs[d][i];
    return {
      name: ds.manifest.metadata!.name!,
      namespace: ds.manifest.metadata?.namespace ?? 'default',
      source: ds.source,
      coveredNodes: covered,
      totalNodes: views.length,
      nodes: placements[d],
      rollout: planRollout(ds.rollout, covered),
      warnings: warnings[d],
    };
  });
  return { daemonSets: plans, totalNodes: views.length };
}
