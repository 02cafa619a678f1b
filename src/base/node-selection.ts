import { assertValid, Problem } from './errors';
import { GPU_NODE_LABELS } from './gpu-node-labels';
import { labelValueProblems, qualifiedNameProblems } from './names';
import { termConflict } from './node-satisfiability';
import { instanceOf, isNumber, isString, listOf, mapOf, oneOf, optional, propsProblems, RequiredGuard, Schema } from '../validation/guards';

/** How a node-affinity requirement compares a node label. */
export enum NodeSelectorOperator {
  /** The label exists and its value is one of the values. */
  IN = 'In',
  /** The label is absent, or its value is none of the values. */
  NOT_IN = 'NotIn',
  /** The label exists, whatever its value. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label exists, is an integer, and is greater than the single value. */
  GT = 'Gt',
  /** The label exists, is an integer, and is less than the single value. */
  LT = 'Lt',
}

/** Fields of a node-affinity requirement. */
export interface NodeRequirementProps {
  /** The node label key. */
  readonly key: string;
  /** The comparison. */
  readonly operator: NodeSelectorOperator;
  /**
   * The values compared: at least one for In/NotIn, none for Exists/DoesNotExist, one integer for Gt/Lt.
   * @default []
   */
  readonly values?: string[];
}

const stringList = listOf(isString);

/** The runtime shape of NodeRequirementProps (the operator's rules are checked when the selection is used). */
export const NODE_REQUIREMENT_PROPS_SCHEMA: Schema<NodeRequirementProps> = {
  key: isString,
  operator: oneOf(NodeSelectorOperator, 'NodeSelectorOperator'),
  values: optional(stringList),
};

/** One requirement on a node label, as used in required node affinity. */
export class NodeRequirement {
  /** The label `key` has one of `values`. */
  public static in(key: string, ...values: string[]): NodeRequirement {
    assertValid('NodeRequirement.in', [...isString(key, 'key'), ...stringList(values, 'values')]);
    return new NodeRequirement({ key, operator: NodeSelectorOperator.IN, values });
  }
  /** The label `key` is absent or has none of `values`. */
  public static notIn(key: string, ...values: string[]): NodeRequirement {
    assertValid('NodeRequirement.notIn', [...isString(key, 'key'), ...stringList(values, 'values')]);
    return new NodeRequirement({ key, operator: NodeSelectorOperator.NOT_IN, values });
  }
  /** The label `key` is present. */
  public static exists(key: string): NodeRequirement {
    assertValid('NodeRequirement.exists', isString(key, 'key'));
    return new NodeRequirement({ key, operator: NodeSelectorOperator.EXISTS });
  }
  /** The label `key` is absent. */
  public static doesNotExist(key: string): NodeRequirement {
    assertValid('NodeRequirement.doesNotExist', isString(key, 'key'));
    return new NodeRequirement({ key, operator: NodeSelectorOperator.DOES_NOT_EXIST });
  }
  /** The label `key` is an integer greater than `value`. */
  public static gt(key: string, value: number): NodeRequirement {
    // A finite number; that it is a whole one is checked with the other rules when the selection is used.
    assertValid('NodeRequirement.gt', [...isString(key, 'key'), ...isNumber(value, 'value')]);
    return new NodeRequirement({ key, operator: NodeSelectorOperator.GT, values: [String(value)] });
  }
  /** The label `key` is an integer less than `value`. */
  public static lt(key: string, value: number): NodeRequirement {
    assertValid('NodeRequirement.lt', [...isString(key, 'key'), ...isNumber(value, 'value')]);
    return new NodeRequirement({ key, operator: NodeSelectorOperator.LT, values: [String(value)] });
  }
  /** A requirement from its fields (its shape is checked here, its rules when the selection is used). */
  public static of(props: NodeRequirementProps): NodeRequirement {
    assertValid('NodeRequirement.of', propsProblems(props, NODE_REQUIREMENT_PROPS_SCHEMA, 'NodeRequirementProps', true)
      .map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    return new NodeRequirement(props);
  }

  /** The node label key. */
  public readonly key: string;
  /** The comparison. */
  public readonly operator: NodeSelectorOperator;
  /** The values compared. */
  public readonly values: string[];

  private constructor(props: NodeRequirementProps) {
    this.key = props.key;
    this.operator = props.operator;
    this.values = [...(props.values ?? [])];
  }

  /** The requirement as it appears in a nodeSelectorTerm. */
  public toJson(): any {
    return { key: this.key, operator: this.operator, values: this.values.length > 0 ? [...this.values] : undefined };
  }
}

const EKS_COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';
const VIRTUAL_KUBELET_TYPE = 'type';
const OS_LABEL = 'kubernetes.io/os';

const requirementList = listOf(instanceOf(NodeRequirement, "NodeRequirement.in('kubernetes.io/arch', 'amd64')"));
// A function, as NodeSelection is declared below.
// Built on first use: NodeSelection is not yet defined where this module's constants are.
let selectionListGuard: RequiredGuard | undefined;
const selectionList = (value: unknown, property: string) =>
  (selectionListGuard ??= listOf(instanceOf(NodeSelection, 'NodeSelection.linux()')))(value, property);

/**
 * Which nodes the agent's pods may run on: a `nodeSelector` (label equality, ANDed) and
 * required node affinity (terms ORed, requirements within a term ANDed). Selections combine
 * with `and()` exactly as Kubernetes combines them, so presets compose without surprises.
 */
export class NodeSelection {
  /** Every node the DaemonSet controller considers eligible (no constraint). */
  public static all(): NodeSelection {
    return new NodeSelection({}, undefined);
  }

  /** Nodes that carry every one of these labels with exactly these values (a real `nodeSelector`). */
  public static labels(labels: { [key: string]: string }): NodeSelection {
    assertValid('NodeSelection.labels', mapOf(isString)(labels, 'labels'));
    return new NodeSelection({ ...labels }, undefined);
  }

  /** Nodes that meet every one of these requirements (one node-affinity term). */
  public static matching(...requirements: NodeRequirement[]): NodeSelection {
    assertValid('NodeSelection.matching', requirementList(requirements, 'requirements'));
    return new NodeSelection({}, [requirements]);
  }

  /** Nodes that any of these selections picks (node-affinity terms, ORed). */
  public static anyOf(...selections: NodeSelection[]): NodeSelection {
    assertValid('NodeSelection.anyOf', selectionList(selections, 'selections'));
    const terms: NodeRequirement[][] = [];
    // An alternative that contradicts itself stays an error here too, not a silently dropped term.
    const conflicts = selections.flatMap(selection => selection.conflicts);
    for (const selection of selections) {
      const own = selection.asTerms();
      if (own === undefined) return new NodeSelection({}, undefined, conflicts);
      terms.push(...own);
    }
    return new NodeSelection({}, terms, conflicts);
  }

  /** Linux nodes only (`kubernetes.io/os=linux`): the agents ship Linux images. */
  public static linux(): NodeSelection {
    return NodeSelection.labels({ [OS_LABEL]: 'linux' });
  }

  /**
   * Excludes virtual nodes, where a DaemonSet pod can never run: EKS Fargate
   * (`eks.amazonaws.com/compute-type=fargate`) and virtual-kubelet (`type=virtual-kubelet`).
   * The node-exporter chart added the same default after users hit it
   * (prometheus-community/helm-charts#4736).
   */
  public static excludeVirtualNodes(): NodeSelection {
    return NodeSelection.matching(
      NodeRequirement.notIn(EKS_COMPUTE_TYPE, 'fargate'),
      NodeRequirement.notIn(VIRTUAL_KUBELET_TYPE, 'virtual-kubelet'),
    );
  }

  /**
   * NVIDIA GPU nodes, as each platform labels them (any one label is enough):
   * `nvidia.com/gpu.present=true` (GPU Operator, GPU feature discovery); node feature discovery's
   * `feature.node.kubernetes.io/pci-10de.present=true`, `pci-0300_10de` or `pci-0302_10de`;
   * GKE's `cloud.google.com/gke-accelerator`; `k8s.amazonaws.com/accelerator` (EKS node groups,
   * as the cluster autoscaler documents); `karpenter.k8s.aws/instance-gpu-manufacturer=nvidia`
   * (Karpenter on AWS); `eks.amazonaws.com/instance-gpu-manufacturer=nvidia` (EKS Auto Mode);
   * `kubernetes.azure.com/accelerator=nvidia` (AKS). A node with none of them (a GPU node whose
   * platform sets no label) is selected with `NodeSelection.labels(...)` or `.anyOf(...)`.
   */
  public static gpuNodes(): NodeSelection {
    return NodeSelection.anyOf(...GPU_NODE_LABELS.map(label => NodeSelection.matching(label.value === undefined
      ? NodeRequirement.exists(label.key)
      : NodeRequirement.in(label.key, label.value))));
  }

  /** The nodes of one pool, named by a node label (e.g. `cloud.google.com/gke-nodepool=system`). */
  public static nodePool(labelKey: string, poolName: string): NodeSelection {
    assertValid('NodeSelection.nodePool', [...isString(labelKey, 'labelKey'), ...isString(poolName, 'poolName')]);
    return NodeSelection.labels({ [labelKey]: poolName });
  }

  private readonly selector: Record<string, string>;
  /** Undefined: no affinity constraint. An array: the ORed terms. */
  private readonly terms?: NodeRequirement[][];
  private readonly conflicts: Problem[];
  /** _problems() by property: a selection never changes, and agents share their default one. */
  private readonly problemsAt = new Map<string, readonly Problem[]>();

  private constructor(selector: Record<string, string>, terms: NodeRequirement[][] | undefined, conflicts: Problem[] = []) {
    this.selector = selector;
    this.terms = terms;
    this.conflicts = conflicts;
  }

  /** Nodes picked by this selection and by every one of `others`. */
  public and(...others: NodeSelection[]): NodeSelection {
    assertValid('NodeSelection.and', selectionList(others, 'others'));
    let result: NodeSelection = this;
    for (const other of others) result = result.andOne(other);
    return result;
  }

  /** The `nodeSelector` map, or undefined when there is none. */
  public toNodeSelector(): { [key: string]: string } | undefined {
    return Object.keys(this.selector).length > 0 ? { ...this.selector } : undefined;
  }

  /** The `nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` term list, or undefined. */
  public toNodeSelectorTerms(): any[] | undefined {
    return this.terms?.map(term => ({ matchExpressions: term.map(r => r.toJson()) }));
  }

  private andOne(other: NodeSelection): NodeSelection {
    // Every node, ANDed with a selection, is that selection (NodeAgent starts from every node).
    if (other.selectsEveryNode()) return this;
    if (this.selectsEveryNode()) return other;
    const conflicts = [...this.conflicts, ...other.conflicts];
    const selector = { ...this.selector };
    for (const [key, value] of Object.entries(other.selector)) {
      if (key in selector && selector[key] !== value) {
        conflicts.push({
          property: `nodeSelection (${key})`,
          value: [selector[key], value],
          expected: `A node has one value per label, so requiring both selects no node: keep one value, or use NodeSelection.matching(NodeRequirement.in('${key}', ...values)).`,
        });
      }
      selector[key] = value;
    }
    let terms: NodeRequirement[][] | undefined;
    if (this.terms === undefined) {
      terms = other.terms;
    } else if (other.terms === undefined) {
      terms = this.terms;
    } else {
      // ANDing two sets of alternatives pairs them up; a pair no node can satisfy (pool=a with
      // pool=b) never matches, so leaving it out changes nothing but the YAML's length.
      const pairs = this.terms.flatMap(a => other.terms!.map(b => [...a, ...b]));
      const live = pairs.filter(term => termConflict(selector, term) === undefined);
      terms = live.length > 0 ? live : pairs;
    }
    return new NodeSelection(selector, terms, conflicts);
  }

  /** A selection no node can satisfy: every alternative contradicts itself or the nodeSelector. */
  private unsatisfiableProblems(property: string): Problem[] {
    if (this.terms === undefined || this.terms.length === 0 || this.conflicts.length > 0) return [];
    const reasons = this.terms.map(term => termConflict(this.selector, term));
    if (reasons.some(r => r === undefined)) return [];
    return [{
      property,
      value: { nodeSelector: this.toNodeSelector(), nodeSelectorTerms: this.toNodeSelectorTerms() },
      expected: `No node can match it (${[...new Set(reasons)].join('; ')}), so the agent would run nowhere: remove the contradicting requirement.`,
    }];
  }

  /** This selection as ORed affinity terms (labels become In requirements); undefined = every node. */
  private asTerms(): NodeRequirement[][] | undefined {
    const fromLabels = Object.entries(this.selector).map(([k, v]) => NodeRequirement.in(k, v));
    if (this.terms === undefined) return fromLabels.length > 0 ? [fromLabels] : undefined;
    return this.terms.map(term => [...fromLabels, ...term]);
  }

  /** No nodeSelector, no affinity terms and nothing contradictory: NodeSelection.all(). */
  private selectsEveryNode(): boolean {
    return this.terms === undefined && this.conflicts.length === 0 && Object.keys(this.selector).length === 0;
  }

  /** @internal What the API server would refuse in this selection. */
  public _problems(property: string): Problem[] {
    let known = this.problemsAt.get(property);
    if (known === undefined) {
      known = this.problemsUncached(property);
      this.problemsAt.set(property, known);
    }
    return [...known];
  }

  private problemsUncached(property: string): Problem[] {
    const problems: Problem[] = [...this.conflicts];
    if (this.terms !== undefined && this.terms.length === 0) {
      // anyOf() of nothing: the API server refuses required node affinity without terms.
      problems.push({ property: `${property}.terms`, value: [], expected: 'Required node affinity needs at least one term (Kubernetes refuses none, and none would select no node): give anyOf() at least one selection, or use NodeSelection.all().' });
    }
    for (const [key, value] of Object.entries(this.selector)) {
      problems.push(...qualifiedNameProblems(`${property}.nodeSelector key`, key));
      problems.push(...labelValueProblems(`${property}.nodeSelector[${key}]`, value));
    }
    problems.push(...this.unsatisfiableProblems(property));
    this.terms?.forEach((term, t) => {
      if (term.length === 0) {
        problems.push({ property: `${property}.terms[${t}]`, value: [], expected: 'An empty term is skipped by Kubernetes and can leave the agent on no node: give it at least one NodeRequirement, or use NodeSelection.all().' });
      }
      term.forEach((r, i) => problems.push(...requirementProblems(r, `${property}.terms[${t}][${i}]`)));
    });
    return problems;
  }
}

function requirementProblems(r: NodeRequirement, property: string): Problem[] {
  const problems = qualifiedNameProblems(`${property}.key`, r.key);
  switch (r.operator) {
    case NodeSelectorOperator.IN:
    case NodeSelectorOperator.NOT_IN:
      if (r.values.length === 0) problems.push({ property: `${property}.values`, value: r.values, expected: `${r.operator} needs at least one value, e.g. NodeRequirement.${r.operator === NodeSelectorOperator.IN ? 'in' : 'notIn'}('${r.key}', 'value').` });
      r.values.forEach((v, i) => problems.push(...labelValueProblems(`${property}.values[${i}]`, v)));
      break;
    case NodeSelectorOperator.EXISTS:
    case NodeSelectorOperator.DOES_NOT_EXIST:
      if (r.values.length > 0) problems.push({ property: `${property}.values`, value: r.values, expected: `${r.operator} takes no values: drop them, or use In/NotIn.` });
      break;
    case NodeSelectorOperator.GT:
    case NodeSelectorOperator.LT:
      if (r.values.length !== 1 || !/^-?[0-9]+$/.test(r.values[0])) {
        problems.push({ property: `${property}.values`, value: r.values, expected: `${r.operator} takes exactly one integer value, e.g. NodeRequirement.${r.operator === NodeSelectorOperator.GT ? 'gt' : 'lt'}('${r.key}', 4).` });
      }
      break;
    default:
      problems.push({ property: `${property}.operator`, value: r.operator, expected: 'Use one of In, NotIn, Exists, DoesNotExist, Gt, Lt (NodeSelectorOperator).' });
  }
  return problems;
}
