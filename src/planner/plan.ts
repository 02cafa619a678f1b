/**
 * The planning loop: nodes are prepared once and grouped into profiles (nodes that every rule sees
 * alike), each DaemonSet's rules are compiled once, then each DaemonSet is decided once per
 * profile and every (DaemonSet, node) pair is an array lookup. Results are shared per node,
 * messages are built only for skipped profiles, so the cost stays linear in nodes × DaemonSets
 * with a small constant.
 */
import { checkCapacity } from './capacity';
import { hostPortClaims, type HostPortClaim } from './host-ports';
import type { DaemonSetManifest, Taint } from './k8s-types';
import { NodeProfiles } from './node-profiles';
import { nodeView, type NodeView } from './node-view';
import { PlacementTable } from './placements';
import { PortClashes } from './port-clashes';
import { formatSchedulerUnits } from './quantity';
import { FitChecker, nodeAllocatable, podRequests, type ResourceAmounts } from './resources';
import { PlacementReason, PlanWarningKind, type CoveragePlan, type DaemonSetPlan, type NodePlacement, type PlanWarning } from './result';
import { planRollout, resolveUpdateStrategy } from './rollout';
import { PlacementRule } from './should-run';
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

/**
 * Plans every DaemonSet against every node. `nodesWhere` names the inventory in error messages.
 * Throws PlannerInputError for input the API server would refuse, and for a plan too large for
 * the process's heap (capacity.ts).
 */
export function planCoverage(daemonSets: readonly DaemonSetInput[], nodes: readonly unknown[], nodesWhere: string): CoveragePlan {
  const checked = checkNodes(nodes, nodesWhere);
  const compiled = daemonSets.map(compile);
  checkCapacity(checked.length, compiled.length);
  const labelKeys = new Set(compiled.flatMap(c => c.rule.labelKeys()));
  const taints = new Map<string, Taint>();
  const views = checked.map((n, i) => {
    const name = n.metadata!.name!;
    return nodeView(n, nodeAllocatable(n.status?.allocatable, `${nodesWhere}: item ${i} (node ${name})`), taints, labelKeys);
  });
  const fit = new FitChecker(compiled.map(c => c.requests), views.map(v => v.allocatable));
  const profiles = NodeProfiles.of(views, labelKeys);
  const table = new PlacementTable(views, profiles.count);
  const runs: Uint8Array[] = compiled.map(() => new Uint8Array(views.length));
  const placements: NodePlacement[][] = compiled.map((c, d) => {
    const list = new Array<NodePlacement>(views.length);
    place(c.rule, views, profiles, table, runs[d], list);
    return list;
  });
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
