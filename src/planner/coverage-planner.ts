/**
 * The planner's public entry point: which nodes get each DaemonSet's pod, why the others do not,
 * and how a rolling update would proceed. Works on any DaemonSet manifest, not only this library's.
 */
import { PlannerInputError } from './errors';
import { coveragePercent, daemonSetJson } from './format';
import { isObject } from './k8s-types';
import { loadDaemonSets, loadNodes } from './load';
import { planCoverage } from './plan';
import { loadPlanInputs } from './plan-inputs';
import {
  PlacementReason, PlanWarningKind, type CoveragePlan, type Footprint, type DaemonSetPlan, type NodePlacement, type PlanWarning, type RolloutPlan,
} from './result';
import { formatPlanText } from './text-report';
import type { Problem } from '../base/errors';
import { isBoolean, isNumber, isString, listOf, oneOf, optional, propsProblems, RequiredGuard, Schema, shaped, struct } from '../validation/guards';
import { describeProblem } from '../validation/validation-error';

/** Options for `CoveragePlanner.formatText`. */
export interface TextFormatOptions {
  /**
   * Colour the report with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;

  /**
   * List every skipped node and every warning on a line of its own. Otherwise each DaemonSet gets
   * a summary, the first few nodes of each skip reason and its warnings grouped by message, so
   * the report stays short for any fleet.
   * @default false
   */
  readonly verbose?: boolean;
}

/** The runtime shape of TextFormatOptions. */
export const TEXT_FORMAT_OPTIONS_SCHEMA: Schema<TextFormatOptions> = { color: optional(isBoolean), verbose: optional(isBoolean) };

// The shapes of the planner's results, for the methods that take one back. Results are the
// library's own output: fields a caller adds to them are left alone.
const NODE_PLACEMENT_SCHEMA: Schema<NodePlacement> = {
  node: isString,
  shouldRun: isBoolean,
  shouldContinueRunning: isBoolean,
  reason: oneOf(PlacementReason, 'PlacementReason'),
  message: isString,
};
const ROLLOUT_PLAN_SCHEMA: Schema<RolloutPlan> = {
  strategy: isString,
  desiredNumberScheduled: isNumber,
  maxUnavailable: isNumber,
  maxSurge: isNumber,
  waves: isNumber,
  minReadySeconds: isNumber,
  minDurationSeconds: isNumber,
};
const PLAN_WARNING_SCHEMA: Schema<PlanWarning> = {
  kind: oneOf(PlanWarningKind, 'PlanWarningKind'),
  node: isString,
  message: isString,
  summary: isString,
};
const DAEMON_SET_PLAN_SCHEMA: Schema<DaemonSetPlan> = {
  name: isString,
  namespace: isString,
  source: optional(isString),
  coveredNodes: isNumber,
  totalNodes: isNumber,
  intendedNodes: isNumber,
  runningNodes: isNumber,
  notices: listOf(isString),
  nodes: listOf(struct(NODE_PLACEMENT_SCHEMA, 'NodePlacement', { allowUnknown: true })),
  rollout: struct(ROLLOUT_PLAN_SCHEMA, 'RolloutPlan', { allowUnknown: true }),
  warnings: listOf(struct(PLAN_WARNING_SCHEMA, 'PlanWarning', { allowUnknown: true })),
};
const isDaemonSetPlan = struct(DAEMON_SET_PLAN_SCHEMA, 'DaemonSetPlan', { allowUnknown: true });
const isFootprint = struct<Footprint>({
  nodes: listOf(shaped('a NodeFootprint', isObject)),
  pools: listOf(shaped('a PoolFootprint', isObject)),
}, 'Footprint', { allowUnknown: true });
const COVERAGE_PLAN_SCHEMA: Schema<CoveragePlan> = {
  daemonSets: listOf(isDaemonSetPlan),
  totalNodes: isNumber,
  footprint: isFootprint,
};
const isCoveragePlan = struct(COVERAGE_PLAN_SCHEMA, 'CoveragePlan', { allowUnknown: true });
const pathList = listOf(isString);

/**
 * A list of Kubernetes objects as plain JSON. Each item (null, a string, a malformed object) is
 * checked by the planner itself, which names it as a DaemonSet or node ("nodes: item 0: ...").
 */
function objectList(kind: string, example: string): RequiredGuard {
  return shaped(`a list of ${kind} objects (plain JSON), e.g. ${example}`, Array.isArray);
}
const runtimeClassList = objectList('RuntimeClass', '[{ apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", handler: "kata", overhead: { podFixed: { cpu: "250m" } } }]');
const daemonSetList = objectList('DaemonSet', 'CoveragePlanner.loadDaemonSets(["dist"])');
const nodeList = objectList('Node', 'the items of `kubectl get nodes -o json`');

/** Whether a props check's problem is about the whole argument (reported unnamed or as "props"), not one of its fields. */

/**
 * Arguments of the wrong type, refused with the planner's error for bad input (so a caller that
 * handles PlannerInputError handles these too); the message names the method, argument and value.
 */
function assertArgs(api: string, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  throw new PlannerInputError(problems.map(p => describeProblem({ path: api, property: p.property, value: p.value, fix: p.expected })).join('\n'));
}

/**
 * Predicts the DaemonSet controller's placement (Kubernetes 1.28–1.33) from manifests and a node
 * inventory, before anything is deployed.
 *
 * @example
 * const plan = CoveragePlanner.fromFiles(['dist'], 'nodes.json');
 * for (const ds of plan.daemonSets) {
 *   console.log(`${ds.name}: ${ds.coveredNodes}/${ds.totalNodes}`);
 * }
 */
export class CoveragePlanner {
  /**
   * Plans DaemonSet manifests against nodes.
   *
   * @param daemonSets DaemonSet objects as plain JSON (apps/v1)
   * @param nodes Node objects as plain JSON, e.g. the `items` of `kubectl get nodes -o json`
   * @param runtimeClasses RuntimeClass objects (node.k8s.io/v1) whose `overhead.podFixed` is added to
   *   the requests of the pods that name them, as the scheduler does; objects of other kinds are ignored
   * @default runtimeClasses none: pods are planned without overhead
   * @throws when a manifest or node is malformed or would be refused by the API server; the message names it
   */
  public static plan(daemonSets: any[], nodes: any[], runtimeClasses: any[] = []): CoveragePlan {
    assertArgs('CoveragePlanner.plan', [
      ...daemonSetList(daemonSets, 'daemonSets'), ...nodeList(nodes, 'nodes'), ...runtimeClassList(runtimeClasses, 'runtimeClasses'),
    ]);
    return planCoverage(daemonSets.map(manifest => ({ manifest })), nodes, 'nodes', runtimeClasses);
  }

  /**
   * Reads DaemonSets and RuntimeClasses from YAML files and folders (recursively,
   * `*.yaml`/`*.yml`, sorted; other kinds are ignored, `List` documents are searched) and nodes
   * from a JSON file, then plans them.
   *
   * @param paths YAML files or folders
   * @param nodesFile `kubectl get nodes -o json` output, or a JSON array of Node objects
   * @throws when a file cannot be read or parsed; the message names the file and, for syntax errors, the line
   */
  public static fromFiles(paths: string[], nodesFile: string): CoveragePlan {
    assertArgs('CoveragePlanner.fromFiles', [...pathList(paths, 'paths'), ...isString(nodesFile, 'nodesFile')]);
    const nodes = loadNodes(nodesFile);
    const { daemonSets, runtimeClasses } = loadPlanInputs(paths);
    return planCoverage(daemonSets, nodes, nodesFile, runtimeClasses);
  }

  /** The DaemonSet manifests found in YAML files and folders, in path then document order. */
  public static loadDaemonSets(paths: string[]): any[] {
    assertArgs('CoveragePlanner.loadDaemonSets', pathList(paths, 'paths'));
    return loadDaemonSets(paths).map(d => d.manifest);
  }

  /** The Node objects in a JSON file (a `List`, an array, or a single Node). */
  public static loadNodes(nodesFile: string): any[] {
    assertArgs('CoveragePlanner.loadNodes', isString(nodesFile, 'nodesFile'));
    // A copy: the caller may change it, so the planner must check it again (checked-nodes.ts).
    return [...loadNodes(nodesFile)];
  }

  /**
   * The percentage of its intended nodes (those its own node selection admits) where the
   * DaemonSet's pod is created and nothing the plan knows of leaves it Pending; 100 when it
   * intends no node.
   */
  public static coveragePercent(daemonSet: DaemonSetPlan): number {
    assertArgs('CoveragePlanner.coveragePercent', isDaemonSetPlan(daemonSet, 'daemonSet'));
    return coveragePercent(daemonSet);
  }

  /**
   * The plan as the documented `--json` document:
   * `{ daemonSets: [{ name, namespace, intendedNodes, runningNodes, nodes, rollout, warnings, notices }], footprint: { nodes, pools } }`.
   */
  public static toJson(plan: CoveragePlan): any {
    assertArgs('CoveragePlanner.toJson', isCoveragePlan(plan, 'plan'));
    return { daemonSets: plan.daemonSets.map(daemonSetJson), footprint: plan.footprint };
  }

  /** The plan as the human report the CLI prints (`verbose`: as `plan --verbose` prints it). */
  public static formatText(plan: CoveragePlan, options: TextFormatOptions = {}): string {
    assertArgs('CoveragePlanner.formatText', [
      ...isCoveragePlan(plan, 'plan'),
      ...propsProblems(options, TEXT_FORMAT_OPTIONS_SCHEMA, 'TextFormatOptions', false, 'options'),
    ]);
    return formatPlanText(plan, { color: options.color ?? false, verbose: options.verbose ?? false });
  }

  private constructor() {}
}
