/**
 * The planner's public entry point: which nodes get each DaemonSet's pod, why the others do not,
 * and how a rolling update would proceed. Works on any DaemonSet manifest, not only this library's.
 */
import { coveragePercent, daemonSetJson, formatPlanText } from './format';
import { loadDaemonSets, loadNodes } from './load';
import { planCoverage } from './plan';
import type { CoveragePlan, DaemonSetPlan } from './result';

/** Options for `CoveragePlanner.formatText`. */
export interface TextFormatOptions {
  /**
   * Colour the report with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
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
   * @throws when a manifest or node is malformed or would be refused by the API server; the message names it
   */
  public static plan(daemonSets: any[], nodes: any[]): CoveragePlan {
    return planCoverage(daemonSets.map(manifest => ({ manifest })), nodes, 'nodes');
  }

  /**
   * Reads DaemonSets from YAML files and folders (recursively, `*.yaml`/`*.yml`, sorted; other kinds
   * are ignored, `List` documents are searched) and nodes from a JSON file, then plans them.
   *
   * @param paths YAML files or folders
   * @param nodesFile `kubectl get nodes -o json` output, or a JSON array of Node objects
   * @throws when a file cannot be read or parsed; the message names the file and, for syntax errors, the line
   */
  public static fromFiles(paths: string[], nodesFile: string): CoveragePlan {
    const nodes = loadNodes(nodesFile);
    const daemonSets = loadDaemonSets(paths);
    return planCoverage(daemonSets, nodes, nodesFile);
  }

  /** The DaemonSet manifests found in YAML files and folders, in path then document order. */
  public static loadDaemonSets(paths: string[]): any[] {
    return loadDaemonSets(paths).map(d => d.manifest);
  }

  /** The Node objects in a JSON file (a `List`, an array, or a single Node). */
  public static loadNodes(nodesFile: string): any[] {
    return loadNodes(nodesFile);
  }

  /** The percentage of nodes a DaemonSet covers (100 for an empty inventory). */
  public static coveragePercent(daemonSet: DaemonSetPlan): number {
    return coveragePercent(daemonSet);
  }

  /** The plan as the documented `--json` document: `{ daemonSets: [{ name, namespace, nodes, rollout, warnings }] }`. */
  public static toJson(plan: CoveragePlan): any {
    return { daemonSets: plan.daemonSets.map(daemonSetJson) };
  }

  /** The plan as the human report the CLI prints. */
  public static formatText(plan: CoveragePlan, options: TextFormatOptions = {}): string {
    return formatPlanText(plan, options.color ?? false);
  }

  private constructor() {}
}
