/**
 * The planning loop: nodes are prepared once and grouped into profiles (nodes that every rule and
 * the fit check see alike), each DaemonSet's rules are compiled once, then each DaemonSet is
 * decided once per profile and every (DaemonSet, node) pair is an array lookup (placement-pass.ts,
 * which walks the nodes in cache-sized blocks). The fit check and the host-port clashes are worked
 * out once per run class (run-classes.ts); a node's results and warnings are shared between the
 * DaemonSets where their words are the same, messages are built only for skipped profiles, and the
 * coverage counts read flags, not results, so the cost stays linear in nodes × DaemonSets with a
 * small constant.
 */
import { checkCapacity } from './capacity';
import { checkedNodes } from './checked-nodes';
import { footprintOf } from './footprint';
import { gpuNodes, gpuReachNotice } from './gpu-reach';
import { hostPortClaims, type HostPortClaim } from './host-ports';
import type { DaemonSetManifest, Taint } from './k8s-types';
import { NodeFit, type NodeLoad } from './node-fit';
import { NodeProfiles } from './node-profiles';
import { nodeView } from './node-view';
import { placeAll } from './placement-pass';
import { PortClashes } from './port-clashes';
import { nodeAllocatable, podRequests, type ResourceAmounts } from './resources';
import type { CoveragePlan, DaemonSetPlan, PlanWarning } from './result';
import { planRollout, resolveUpdateStrategy } from './rollout';
import { runClasses } from './run-classes';
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

/** Nodes where the pod is created, and those of them where no warning says it stays Pending. */
function runCounts(run: Uint8Array, warned: Uint8Array): { covered: number; running: number } {
  let covered = 0;
  let running = 0;
  for (let i = 0; i < run.length; i++) {
    if (!run[i]) continue;
    covered++;
    if (!warned[i]) running++;
  }
  return { covered, running };
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
  const { runs, placements, intended } = placeAll(compiled.map(c => c.rule), views, profiles);
  const warnings: PlanWarning[][] = compiled.map(() => []);
  // Per DaemonSet, per node: 1 where a warning says its pod stays Pending.
  const warned = compiled.map(() => new Uint8Array(views.length));
  const classOf = runClasses(profiles, runs.filter((_, d) => compiled[d].rule.readsNodeName()));
  const fit = new NodeFit(compiled, classOf, profiles.fitOf);
  const loads: NodeLoad[] = views.map((v, i) => fit.check(v, i, runs, warnings, warned));
  const portWarnings = new PortClashes(compiled.map(c => c.claims), compiled.map(c => c.id)).warnings(runs, views.map(v => v.name), classOf, warned);
  portWarnings.forEach((own, d) => {
    if (own.length > 0) warnings[d] = warnings[d].concat(own);
  });
  const gpu = gpuNodes(views);
  const plans: DaemonSetPlan[] = compiled.map((ds, d) => {
    const { covered, running } = runCounts(runs[d], warned[d]);
    const notice = gpuReachNotice(ds.rule.labelKeys(), placements[d], gpu);
    return {
      name: ds.manifest.metadata!.name!,
      namespace: ds.manifest.metadata?.namespace ?? 'default',
      source: ds.source,
      coveredNodes: covered,
      totalNodes: views.length,
      intendedNodes: intended[d],
      runningNodes: running,
      nodes: placements[d],
      rollout: planRollout(ds.rollout, covered),
      warnings: warnings[d],
      notices: notice === undefined ? [] : [notice],
    };
  });
  return { daemonSets: plans, totalNodes: views.length, footprint: footprintOf(checked, views.map(v => v.allocatable), loads) };
}
